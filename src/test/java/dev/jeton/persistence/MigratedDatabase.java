package dev.jeton.persistence;

import dev.jeton.persistence.migration.SchemaMigrations;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A fresh database with Jeton's schema made by its migrations, for tests of plain-SQL statements
 * on both databases: an in-memory H2, or a database of its own on the machine's PostgreSQL
 * (127.0.0.1:5432, trust authentication; skipped without it, failed under CI), dropped on close.
 */
final class MigratedDatabase implements AutoCloseable {

    enum Vendor { H2, POSTGRESQL }

    private static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String pgName;
    private final DataSource dataSource;

    private MigratedDatabase(String pgName, DataSource dataSource) {
        this.pgName = pgName;
        this.dataSource = dataSource;
    }

    static MigratedDatabase fresh(Vendor vendor) throws SQLException {
        String name = "jeton_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        MigratedDatabase db;
        if (vendor == Vendor.H2) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            ds.setPassword("");
            db = new MigratedDatabase(null, ds);
        } else {
            boolean reachable;
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL)) {
                reachable = c.isValid(5);
            } catch (SQLException e) {
                reachable = false;
            }
            if (!reachable && System.getenv("CI") != null) {
                fail("PostgreSQL is not running on 127.0.0.1:5432 (.ci/run starts it)");
            }
            Assumptions.assumeTrue(reachable, "PostgreSQL is not running on 127.0.0.1:5432: skipped");
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("create database " + name);
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL("jdbc:postgresql://127.0.0.1:5432/" + name);
            ds.setUser("postgres");
            db = new MigratedDatabase(name, ds);
        }
        SchemaMigrations.migrate(db.dataSource);
        return db;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void close() throws SQLException {
        if (pgName != null) {
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + pgName + " with (force)");
            }
        } else {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("shutdown");
            }
        }
    }
}
