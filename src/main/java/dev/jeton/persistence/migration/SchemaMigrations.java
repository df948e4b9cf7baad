package dev.jeton.persistence.migration;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Brings Jeton's schema to the newest version with Flyway: creates it in an empty database,
 * upgrades an older one, and takes over a database that Jeton's versions before migrations made
 * with {@code hibernate.hbm2ddl.auto=update} (recognised by its tables without Flyway's history:
 * recorded as version 1, which is exactly that schema, then upgraded). Two nodes starting together
 * do not both migrate: Flyway holds a lock for the whole run (a PostgreSQL advisory lock; on H2
 * a row lock on the history table, and an H2 file database has one process anyway).
 *
 * <p>The scripts are listed here, not found by scanning the class path: scanning a WAR depends
 * on the server's class-loader URLs (Payara's {@code file:}, WildFly's {@code vfs:}); a fixed
 * list reads the same everywhere. {@code MigrationScriptsTest} checks the list against the files.
 */
public final class SchemaMigrations {

    /** In version order; each vendor directory under {@code db/migration/} has every one of them. */
    public static final List<String> SCRIPTS = List.of(
            "V1__schema.sql",
            "V2__purge_and_lookup_indexes.sql",
            "V3__resource_indicators.sql",
            "V4__client_row_version.sql",
            "V5__mutual_tls.sql",
            "V6__sessions_and_logout.sql",
            "V7__session_sweep_and_purge.sql",
            "V9__oidc_dynamic_client_options.sql",
            "V12__text_columns_inline.sql",
            "V13__client_logo_and_links.sql",
            "V14__request_uris_inline.sql",
            "V15__cluster_state.sql",
            "V16__pairwise_subjects.sql",
            "V17__client_disabled_by_operator.sql",
            "V18__outbox_without_event_index.sql");

    /** A table every schema of Jeton has had, from the first version on. */
    static final String JETON_TABLE = "jeton_client";

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());
    private static final java.util.concurrent.locks.ReentrantLock IN_THIS_JVM = new java.util.concurrent.locks.ReentrantLock();
    /** The PostgreSQL advisory lock key of Jeton's migrations ("jeton" in ASCII, as a number). */
    static final long ADVISORY_LOCK_KEY = 0x6a65746f6eL;

    private SchemaMigrations() {
    }

    /** Migrates the database behind {@code dataSource}; returns the number of scripts applied. */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, MigrationVersion.LATEST);
    }

    /**
     * Migrates up to {@code target} (tests compare single versions), one node at a time: Flyway locks
     * its history table while it migrates, but a database of the previous version has no history
     * table yet, and two nodes that both found none raced to create it and record the baseline (the
     * loser failed with "Unable to baseline ... already exists, and is empty"). So the whole step -
     * looking at the schema, baseline, migrations - holds a lock of its own: a PostgreSQL advisory
     * lock for the nodes of a cluster, and a lock in this JVM (H2 is embedded in one process).
     */
    public static int migrate(DataSource dataSource, MigrationVersion target) {
        IN_THIS_JVM.lock();
        try (Connection lock = dataSource.getConnection()) {
            boolean postgresql = "PostgreSQL".equalsIgnoreCase(lock.getMetaData().getDatabaseProductName());
            if (postgresql) {
                advisory(lock, "pg_advisory_lock");
            }
            try {
                return migrateAlone(dataSource, target);
            } finally {
                if (postgresql) {
                    advisory(lock, "pg_advisory_unlock");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Jeton could not lock the database to migrate its schema", e);
        } finally {
            IN_THIS_JVM.unlock();
        }
    }

    private static void advisory(Connection c, String function) throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("select " + function + "(" + ADVISORY_LOCK_KEY + ")");
        }
    }

    private static int migrateAlone(DataSource dataSource, MigrationVersion target) {
        String vendor;
        boolean madeByHbm2ddl;
        try (Connection c = dataSource.getConnection()) {
            vendor = vendor(c.getMetaData());
            madeByHbm2ddl = hasTable(c, JETON_TABLE) && !hasTable(c, "flyway_schema_history");
        } catch (SQLException e) {
            throw new IllegalStateException("Jeton could not read the database to migrate its schema", e);
        }
        ClassLoader loader = SchemaMigrations.class.getClassLoader();
        Flyway flyway = Flyway.configure(loader)
                .dataSource(dataSource)
                .resourceProvider(new ListedScripts(loader, "db/migration/" + vendor, SCRIPTS))
                .javaMigrationClassProvider(List::of)
                // a schema with Jeton's tables but no history is today's hbm2ddl schema: version 1.
                // Any other non-empty schema (tables of other applications) is recorded at 0, below V1,
                // so that Jeton's tables are created beside them
                .baselineOnMigrate(true)
                .baselineVersion(MigrationVersion.fromVersion(madeByHbm2ddl ? "1" : "0"))
                .baselineDescription(madeByHbm2ddl ? "schema made by hibernate.hbm2ddl.auto=update" : "<< Baseline >>")
                .target(target)
                .load();
        if (madeByHbm2ddl) {
            LOG.info("Jeton's tables exist without a migration history (made by hbm2ddl): recorded as schema"
                    + " version 1, then upgraded");
        }
        MigrateResult result = flyway.migrate();
        LOG.info(String.format(Locale.ROOT, "Jeton schema (%s): %d migration(s) applied, now at version %s",
                vendor, result.migrationsExecuted,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion));
        return result.migrationsExecuted;
    }

    /** The directory of scripts for this database; others have none (docs/database.md). */
    static String vendor(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName();
        if ("H2".equalsIgnoreCase(product)) {
            return "h2";
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            return "postgresql";
        }
        throw new IllegalStateException("Jeton has schema migrations for H2 and PostgreSQL, not for " + product
                + "; create the schema yourself and set jeton.schema.migrate=false (docs/database.md)");
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        // unquoted names are folded to upper case by H2 and to lower case by PostgreSQL
        for (String n : List.of(name, name.toUpperCase(Locale.ROOT))) {
            try (ResultSet r = meta.getTables(null, schema, n, new String[] {"TABLE"})) {
                if (r.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
