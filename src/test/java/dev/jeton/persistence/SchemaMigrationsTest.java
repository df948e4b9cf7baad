package dev.jeton.persistence;

import dev.jeton.audit.outbox.AuditOutboxEntity;
import dev.jeton.persistence.migration.SchemaMigrations;
import org.flywaydb.core.api.MigrationVersion;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static dev.jeton.persistence.LegacySchemaFixture.ACCESS_JTI;
import static dev.jeton.persistence.LegacySchemaFixture.CLIENT;
import static dev.jeton.persistence.LegacySchemaFixture.FAMILY;
import static dev.jeton.persistence.LegacySchemaFixture.REFRESH_HASH;
import static dev.jeton.persistence.LegacySchemaFixture.SUBJECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The schema migrations (db/migration/) against real databases: H2 (the version Payara bundles)
 * and the machine's PostgreSQL (127.0.0.1:5432, user postgres, trust authentication; a fresh
 * database per test, dropped after). Without PostgreSQL its cases are skipped, saying so; under CI
 * ({@code CI} set, where {@code .ci/run} starts PostgreSQL) they fail instead.
 */
class SchemaMigrationsTest {

    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** Every purge and lookup column that is not a primary key, and the index that serves it (docs/database.md). */
    static final Map<String, String> INDEXED = new TreeMap<>(Map.ofEntries(
            Map.entry("jeton_refresh_token.expires_at", "jeton_refresh_token_expires"),
            Map.entry("jeton_refresh_token.consumed_at", "jeton_refresh_token_consumed"),
            Map.entry("jeton_refresh_token.family_id", "jeton_refresh_token_family"),
            Map.entry("jeton_access_token.expires_at", "jeton_access_token_expires"),
            Map.entry("jeton_access_token.family_id", "jeton_access_token_family"),
            Map.entry("jeton_device_authorization.expires_at", "jeton_device_authorization_expires"),
            Map.entry("jeton_device_authorization.user_code_hash", "jeton_device_user_code"),
            Map.entry("jeton_token_family.absolute_expiry", "jeton_token_family_expiry"),
            Map.entry("jeton_token_family.client_id", "jeton_token_family_client"),
            Map.entry("jeton_authorization_code.expires_at", "jeton_authorization_code_expires"),
            Map.entry("jeton_pushed_request.expires_at", "ix_pushed_request_expires"),
            Map.entry("jeton_revoked_token.expires_at", "jeton_revoked_token_expiry"),
            Map.entry("jeton_used_jti.expires_at", "ix_used_jti_expires"),
            Map.entry("jeton_used_jti.kind", "uk_used_jti"),
            Map.entry("jeton_client.source", "jeton_client_source"),
            Map.entry("jeton_user.username_lower", "jeton_user_username"),
            Map.entry("jeton_consent.subject", "jeton_consent_subject_client"),
            Map.entry("jeton_throttle_counter.window_end", "jeton_throttle_counter_end"),
            Map.entry("jeton_known_source.expires_at", "jeton_known_source_expiry"),
            Map.entry("jeton_browser_pending.browser_hash", "jeton_browser_pending_browser"),
            Map.entry("jeton_browser_pending.expires_at", "jeton_browser_pending_expires")));

    enum Vendor { H2, POSTGRESQL }

    private final List<String> pgDatabases = new ArrayList<>();
    private final List<JpaTestDatabase> opened = new ArrayList<>();

    @AfterEach
    void dropDatabases() throws SQLException {
        opened.forEach(JpaTestDatabase::close);
        for (String name : pgDatabases) {
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + name + " with (force)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void anEmptyDatabaseIsMigratedToTheNewestVersionAndHibernateValidatesIt(Vendor vendor) throws Exception {
        Db db = fresh(vendor);
        // hbm2ddl=validate: Hibernate refuses to start when an entity misses its table or a column
        JpaTestDatabase jpa = open(db, "validate", true);

        assertEquals(expectedHistory(false), history(db));
        // and the schema works: a grant is stored and found
        JpaTokenFamilyStore families = new JpaTokenFamilyStore();
        families.em = jpa.newEntityManager();
        inTransaction(families.em, () -> families.createFamily(new dev.jeton.grant.family.TokenFamily("f-1", "web",
                "subject-1", "openid", Instant.EPOCH, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), null, null)));
        assertTrue(families.findFamily("f-1").isPresent());
        // a second start finds nothing to do
        assertEquals(0, SchemaMigrations.migrate(db.dataSource()));
    }

    /**
     * Flyway's history after a start: every script, or (on a database of the previous version) V1
     * recorded as the baseline and the later ones run.
     */
    private static List<String> expectedHistory(boolean legacy) {
        List<String> rows = new ArrayList<>();
        // the version of each listed script (V<n>__...), which need not be consecutive
        for (String script : SchemaMigrations.SCRIPTS) {
            int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
            rows.add(version + (legacy && version == 1 ? " BASELINE true" : " SQL true"));
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void versionOneIsExactlyTheSchemaOfThePreviousVersion(Vendor vendor) throws Exception {
        // the fixture is what the previous version's hbm2ddl made; V1 must be that, to the column
        Db legacy = fresh(vendor);
        loadLegacyFixture(legacy);
        Db byMigration = fresh(vendor);
        SchemaMigrations.migrate(byMigration.dataSource(), MigrationVersion.fromVersion("1"));

        Set<String> expected = withoutHistory(catalog(legacy));
        assertTrue(expected.size() > 150, "the catalog was read: " + expected.size() + " entries");
        assertEquals(String.join("\n", expected), String.join("\n", withoutHistory(catalog(byMigration))));
    }

    private static Set<String> withoutHistory(Set<String> catalog) {
        return catalog.stream().filter(e -> !e.contains("flyway_schema_history"))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void theMigrationsMakeTheTablesAndColumnsHbm2ddlMakes(Vendor vendor) throws Exception {
        Db byHibernate = fresh(vendor);
        open(byHibernate, "update", false).close();
        try (Connection c = byHibernate.dataSource().getConnection();
             ResultSet r = c.getMetaData().getTables(null, c.getSchema(), "flyway_schema_history", null)) {
            assertFalse(r.next(), "jeton.schema.migrate=false: no migration ran");
        }
        Db byMigration = fresh(vendor);
        SchemaMigrations.migrate(byMigration.dataSource());

        // every version together: V1 was exactly the previous version's schema (the upgrade test starts
        // from it), later versions add columns the entities map and indexes hbm2ddl would not make
        // TextColumn.LENGTH is varchar(1000000) to Hibernate; on PostgreSQL the migrations keep such columns
        // as text, which Hibernate's validation accepts (the upgrade test below validates a migrated database)
        Set<String> expected = withoutIndexes(catalog(byHibernate)).stream()
                .map(e -> vendor == Vendor.POSTGRESQL ? e.replace(" varchar(" + TextColumn.LENGTH + ") ", " text(2147483647) ") : e)
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        assertTrue(expected.size() > 120, "the catalog was read: " + expected.size() + " entries");
        assertEquals(String.join("\n", expected), String.join("\n", withoutIndexes(catalog(byMigration))));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void noColumnOfTheNewestVersionIsALargeObject(Vendor vendor) throws Exception {
        // issue #13 (V12, V14): H2 writes a CLOB value longer than 256 bytes to its LOB store on each commit;
        // PostgreSQL keeps a @Lob String as a large object (oid). Text columns are varchar(1000000) or text.
        Db db = fresh(vendor);
        SchemaMigrations.migrate(db.dataSource());
        List<String> largeObjects = catalog(db).stream().filter(e -> e.startsWith("column "))
                .filter(e -> e.contains(" clob(") || e.contains(" character large object(") || e.contains(" oid("))
                .toList();
        assertEquals(List.of(), largeObjects);
        assertTrue(catalog(db).stream().anyMatch(e -> e.startsWith("column jeton_client.request_uris "
                + (vendor == Vendor.H2 ? "character varying(" + TextColumn.LENGTH + ")" : "text("))),
                "request_uris is in the row: " + catalog(db).stream().filter(e -> e.contains("request_uris")).toList());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aDatabaseOfThePreviousVersionIsRecordedAsVersionOneThenUpgradedAndServes(Vendor vendor) throws Exception {
        Db db = fresh(vendor);
        loadLegacyFixture(db);
        JpaTestDatabase jpa = open(db, "validate", true);

        // recorded as version 1 without running V1 (which would have failed on the existing tables)
        assertEquals(expectedHistory(true), history(db));
        assertIndexes(db);

        // the rows of the previous version, through the repositories
        JpaClientStore clients = new JpaClientStore();
        clients.em = jpa.newEntityManager();
        assertEquals("Legacy web app", clients.find(CLIENT).orElseThrow().clientName());
        JpaUserStore users = new JpaUserStore();
        users.em = jpa.newEntityManager();
        assertEquals(SUBJECT, users.findByUsername("LEGACY.user").orElseThrow().subject());

        JpaTokenFamilyStore families = new JpaTokenFamilyStore();
        families.em = jpa.newEntityManager();
        assertEquals(CLIENT, families.findFamily(FAMILY).orElseThrow().clientId());
        assertEquals(FAMILY, families.familyOfAccessToken(ACCESS_JTI).orElseThrow().id());
        assertFalse(families.isAccessTokenRevoked(ACCESS_JTI));
        // the refresh token rotates once, then the grant is revoked as a whole
        Instant now = Instant.now();
        assertTrue(inTransaction(families.em, () -> families.consumeRefreshToken(REFRESH_HASH, "successor", null, now)));
        assertFalse(inTransaction(families.em, () -> families.consumeRefreshToken(REFRESH_HASH, "other", null, now)));
        inTransaction(families.em, () -> families.recordAccessToken("new-jti", FAMILY, now.plusSeconds(300)));
        inTransaction(families.em, () -> families.revokeFamily(FAMILY, "TEST", now));
        assertTrue(families.isAccessTokenRevoked(ACCESS_JTI));
        assertTrue(families.isAccessTokenRevoked("new-jti"));

        // the sequences go on after the rows the previous version wrote
        JpaConsentStore consents = new JpaConsentStore();
        consents.em = jpa.newEntityManager();
        assertTrue(consents.covers(SUBJECT, CLIENT, Set.of("openid", "profile")));
        inTransaction(consents.em, () -> consents.remember("another-subject", CLIENT, Set.of("openid"), now));
        assertTrue(consents.covers("another-subject", CLIENT, Set.of("openid")));
        var em = jpa.newEntityManager();
        inTransaction(em, () -> {
            AuditOutboxEntity row = new AuditOutboxEntity();
            row.setEventId(UUID.randomUUID().toString());
            row.setEventName("token.issued");
            row.setPayload("{}");
            row.setCreatedAt(now);
            em.persist(row);
        });
        assertEquals(2L, em.createQuery("select count(o) from AuditOutboxEntity o", Long.class).getSingleResult());

        // the purge runs on the upgraded tables (nothing of the fixture has expired but its code)
        JpaExpiredGrantState purge = new JpaExpiredGrantState();
        purge.em = jpa.newEntityManager();
        assertEquals(0, (int) inTransaction(purge.em, () -> purge.purgeRefreshTokens(now)));
        JpaAuthorizationCodeStore codes = new JpaAuthorizationCodeStore();
        codes.em = jpa.newEntityManager();
        assertEquals(1, (int) inTransaction(codes.em, () -> codes.purgeExpired(now)));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void everyPurgeAndLookupColumnHasAnIndex(Vendor vendor) throws Exception {
        Db db = fresh(vendor);
        SchemaMigrations.migrate(db.dataSource());
        assertIndexes(db);
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void twoNodesStartingTogetherApplyEachMigrationOnce(Vendor vendor) throws Exception {
        for (boolean legacy : List.of(false, true)) {
            Db db = fresh(vendor);
            if (legacy) {
                loadLegacyFixture(db);
            }
            CyclicBarrier together = new CyclicBarrier(2);
            Callable<Integer> node = () -> {
                together.await();
                return SchemaMigrations.migrate(db.dataSource());
            };
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> runs = two.invokeAll(List.of(node, node));
                int applied = 0;
                for (Future<Integer> run : runs) {
                    applied += run.get(); // neither node fails
                }
                int scripts = SchemaMigrations.SCRIPTS.size();
                assertEquals(legacy ? scripts - 1 : scripts, applied, "each script ran once in all");
            } finally {
                two.shutdownNow();
            }
            assertEquals(expectedHistory(legacy), history(db));
            open(db, "validate", false);
        }
    }

    /** The list the migrations run from (no class-path scanning) names exactly the files there are. */
    @Test
    void theListedScriptsAreTheScriptsOfEachDatabase() throws Exception {
        for (String vendor : List.of("h2", "postgresql")) {
            URL dir = getClass().getClassLoader().getResource("db/migration/" + vendor);
            assertNotNull(dir, vendor);
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                assertEquals(new TreeSet<>(SchemaMigrations.SCRIPTS),
                        files.map(f -> f.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll), vendor);
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    record Db(Vendor vendor, String url, String user, DataSource dataSource) {
    }

    private Db fresh(Vendor vendor) throws SQLException {
        String name = "jeton_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (vendor == Vendor.H2) {
            String url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser("sa");
            ds.setPassword("");
            return new Db(vendor, url, "sa", ds);
        }
        boolean reachable;
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL)) {
            reachable = c.isValid(5);
        } catch (SQLException e) {
            reachable = false;
        }
        if (!reachable && System.getenv("CI") != null) {
            fail("PostgreSQL is not running on 127.0.0.1:5432 (.ci/run starts it)");
        }
        Assumptions.assumeTrue(reachable, "PostgreSQL is not running on 127.0.0.1:5432: the PostgreSQL case is skipped");
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + name);
        }
        pgDatabases.add(name);
        String url = "jdbc:postgresql://127.0.0.1:5432/" + name;
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        return new Db(vendor, url, "postgres", ds);
    }

    private JpaTestDatabase open(Db db, String hbm2ddl, boolean migrate) {
        JpaTestDatabase jpa = new JpaTestDatabase(db.url(), db.user(), hbm2ddl, migrate);
        opened.add(jpa);
        return jpa;
    }

    /** The committed dump of a database the previous version made (LegacySchemaFixture). */
    private static void loadLegacyFixture(Db db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            if (db.vendor() == Vendor.H2) {
                s.execute("RUNSCRIPT FROM 'classpath:/db/legacy/h2-hbm2ddl.sql'");
            } else {
                try (InputStream in = SchemaMigrationsTest.class.getResourceAsStream("/db/legacy/postgresql-hbm2ddl.sql")) {
                    s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Flyway's history: "version type success" in order (without the marker row Flyway writes on H2). */
    private static List<String> history(Db db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select \"version\", \"type\", \"success\" from \"flyway_schema_history\""
                     + " where \"version\" is not null order by \"installed_rank\"")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getBoolean(3));
            }
        }
        return rows;
    }

    private static void assertIndexes(Db db) throws SQLException {
        Map<String, String> found = new TreeMap<>();
        try (Connection c = db.dataSource().getConnection()) {
            for (String column : INDEXED.keySet()) {
                String table = column.substring(0, column.indexOf('.'));
                for (String[] index : indexes(c, table)) {
                    // an index serves a lookup by its leading column
                    if (index[2].equals("1") && (table + "." + index[1]).equals(column)) {
                        found.put(column, index[0]);
                    }
                }
            }
        }
        assertEquals(INDEXED, found);
    }

    /** [index name, column, position, unique], names in lower case. */
    private static List<String[]> indexes(Connection c, String table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet r = c.getMetaData().getIndexInfo(null, c.getSchema(), name(c, table), false, false)) {
            while (r.next()) {
                if (r.getString("INDEX_NAME") != null) {
                    // H2 names the index behind a unique constraint <constraint>_INDEX_<n>
                    rows.add(new String[] {lower(r.getString("INDEX_NAME")).replaceFirst("_index_[0-9a-f]+$", ""), lower(r.getString("COLUMN_NAME")),
                            String.valueOf(r.getInt("ORDINAL_POSITION")), String.valueOf(!r.getBoolean("NON_UNIQUE"))});
                }
            }
        }
        return rows;
    }

    /**
     * Tables with their columns (type, size, nullability), indexes and sequences; Flyway's history
     * and Hibernate's temporary tables for bulk mutations (HTE_*, made at each start) left out.
     * System-named primary-key indexes (H2's PRIMARY_KEY_xx) are compared by their columns.
     */
    private static Set<String> withoutIndexes(Set<String> catalog) {
        return catalog.stream().filter(e -> !e.startsWith("index ")).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> catalog(Db db) throws SQLException {
        Set<String> entries = new TreeSet<>();
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet r = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (r.next()) {
                    String t = lower(r.getString("TABLE_NAME"));
                    if (t.startsWith("jeton_")) {
                        tables.add(t);
                    }
                }
            }
            for (String t : tables) {
                try (ResultSet r = meta.getColumns(null, c.getSchema(), name(c, t), "%")) {
                    while (r.next()) {
                        entries.add("column " + t + "." + lower(r.getString("COLUMN_NAME")) + " "
                                + lower(r.getString("TYPE_NAME")) + "(" + r.getInt("COLUMN_SIZE") + ") nullable="
                                + r.getString("IS_NULLABLE"));
                    }
                }
                for (String[] index : indexes(c, t)) {
                    String indexName = index[0].startsWith("primary_key_") ? "<primary key>" : index[0];
                    entries.add("index " + t + " " + indexName + " " + index[2] + ":" + index[1] + " unique=" + index[3]);
                }
                try (ResultSet r = meta.getPrimaryKeys(null, c.getSchema(), name(c, t))) {
                    while (r.next()) {
                        entries.add("primary key " + t + " " + lower(r.getString("COLUMN_NAME")));
                    }
                }
            }
            try (var s = c.prepareStatement("select sequence_name, increment from information_schema.sequences"
                    + " where sequence_schema = ?")) {
                s.setString(1, c.getSchema());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        entries.add("sequence " + lower(r.getString(1)) + " increment " + r.getString(2));
                    }
                }
            }
        }
        return entries;
    }

    /** As the database stores an unquoted name: upper case in H2, lower case in PostgreSQL. */
    private static String name(Connection c, String table) throws SQLException {
        return c.getMetaData().storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
