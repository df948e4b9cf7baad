package dev.jeton.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL statement of {@link UsedJtiRows} on the machine's PostgreSQL (127.0.0.1:5432,
 * database test; CI starts it): a taken value gives 0 without aborting the transaction (on
 * PostgreSQL any failed statement would), an expired row is taken over, and a concurrent
 * uncommitted take of the same value is waited for and then seen. Outside CI, a machine without
 * PostgreSQL skips it.
 */
class UsedJtiRowsPostgreSqlTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant LATER = NOW.plusSeconds(60);
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String table = "jeton_used_jti";
    private String schema;

    @BeforeEach
    void createSchema() throws SQLException {
        Connection c;
        try {
            c = DriverManager.getConnection(URL, "postgres", "");
        } catch (SQLException e) {
            assumeTrue(System.getenv("CI") != null, "no PostgreSQL at " + URL + ": " + e.getMessage());
            throw e;
        }
        schema = "jti_" + UUID.randomUUID().toString().replace("-", "");
        try (c; Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
            // the table as Hibernate 6.6 makes it from UsedJtiEntity on PostgreSQL
            s.execute("create table " + schema + "." + table + " (id varchar(36) not null primary key, "
                    + "kind varchar(20) not null, jti_hash varchar(64) not null, "
                    + "expires_at timestamp(6) with time zone not null, used_at timestamp(6) with time zone not null, "
                    + "constraint uk_used_jti unique (kind, jti_hash))");
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema != null) {
            try (Connection c = open(); Statement s = c.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private Connection open() throws SQLException {
        Connection c = DriverManager.getConnection(URL, "postgres", "");
        try (Statement s = c.createStatement()) {
            s.execute("set search_path to " + schema);
        }
        return c;
    }

    @Test
    void aTakenValueIsRefusedAndTheTransactionStillCommits() throws SQLException {
        try (Connection c = open()) {
            c.setAutoCommit(false);
            assertTrue(UsedJtiRows.take(c, "CLIENT_ASSERTION", "h1", LATER, NOW));
            assertFalse(UsedJtiRows.take(c, "CLIENT_ASSERTION", "h1", LATER, NOW));
            assertTrue(UsedJtiRows.take(c, "DPOP_PROOF", "h1", LATER, NOW), "kinds are separate");
            c.commit();
        }
        try (Connection c = open(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("select count(*) from " + table);
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void anExpiredRowIsTakenOver() throws SQLException {
        try (Connection c = open()) {
            assertTrue(UsedJtiRows.take(c, "CLIENT_ASSERTION", "h1", LATER, NOW));
            assertFalse(UsedJtiRows.take(c, "CLIENT_ASSERTION", "h1", LATER, LATER.minusSeconds(1)));
            assertTrue(UsedJtiRows.take(c, "CLIENT_ASSERTION", "h1", LATER.plusSeconds(60), LATER));
            assertFalse(UsedJtiRows.take(c, "CLIENT_ASSERTION", "h1", LATER.plusSeconds(60), LATER));
        }
    }

    @Test
    void aConcurrentUncommittedTakeIsWaitedForAndThenSeen() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection first = open(); Connection second = open()) {
            first.setAutoCommit(false);
            assertTrue(UsedJtiRows.take(first, "CLIENT_ASSERTION", "raced", LATER, NOW));
            Future<Boolean> secondTake = other.submit(
                    () -> UsedJtiRows.take(second, "CLIENT_ASSERTION", "raced", LATER, NOW));
            Thread.sleep(300);
            assertFalse(secondTake.isDone(), "the second take waits for the first transaction");
            first.commit();
            assertFalse(secondTake.get());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aRolledBackTakeLeavesTheValueToTheWaitingOne() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Connection first = open(); Connection second = open()) {
            first.setAutoCommit(false);
            assertTrue(UsedJtiRows.take(first, "CLIENT_ASSERTION", "raced", LATER, NOW));
            Future<Boolean> secondTake = other.submit(
                    () -> UsedJtiRows.take(second, "CLIENT_ASSERTION", "raced", LATER, NOW));
            Thread.sleep(300);
            first.rollback();
            assertTrue(secondTake.get());
        } finally {
            other.shutdownNow();
        }
    }
}
