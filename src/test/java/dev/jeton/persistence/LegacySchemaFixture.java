package dev.jeton.persistence;

import dev.jeton.audit.outbox.AuditOutboxEntity;
import jakarta.persistence.EntityManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;

/**
 * Makes the committed fixtures {@code src/test/resources/db/legacy/*.sql}: a database as Jeton's
 * versions before migrations left it ({@code hibernate.hbm2ddl.auto=update}, no migration
 * history) with a few rows of a live grant, dumped by the database's own tool (H2 {@code SCRIPT},
 * {@code pg_dump --inserts}). Run once, when the fixture was made, with the entities of that version:
 * <pre>java -cp target/classes:target/test-classes:&lt;test classpath&gt; dev.jeton.persistence.LegacySchemaFixture DIR</pre>
 * (PostgreSQL at 127.0.0.1:5432, user postgres, trust authentication). Kept so that the rows can be
 * read here; running it with today's entities would no longer make the old schema.
 */
public final class LegacySchemaFixture {

    static final Instant MADE = Instant.parse("2026-12-01T10:00:00Z");
    /** Far ahead, so that the rows are live whenever the test runs. */
    static final Instant EXPIRES = Instant.parse("2099-01-01T00:00:00Z");
    static final String CLIENT = "legacy-web";
    static final String FAMILY = "legacy-family-00000000000000000000000000000000000000000000000000";
    static final String REFRESH_HASH = "legacy-refresh-hash-00000000000000000000000000000000000000000000";
    static final String ACCESS_JTI = "legacy-access-jti";
    static final String CODE_HASH = "legacy-code-hash-00000000000000000000000000000000000000000000000";
    static final String SUBJECT = "legacy-subject";
    static final String USERNAME = "Legacy.User";

    private LegacySchemaFixture() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        Path h2 = dir.resolve("h2-hbm2ddl.sql").toAbsolutePath();
        String h2Url = "jdbc:h2:mem:legacy-fixture;DB_CLOSE_DELAY=-1";
        try (JpaTestDatabase db = new JpaTestDatabase(h2Url, "sa", "update", false)) {
            fill(db.newEntityManager());
            try (Connection c = DriverManager.getConnection(h2Url, "sa", ""); Statement s = c.createStatement()) {
                s.execute("SCRIPT NOPASSWORDS NOSETTINGS TO '" + h2 + "'");
            }
        }
        String name = "jeton_legacy_fixture";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name);
            s.execute("create database " + name);
        }
        try (JpaTestDatabase db = new JpaTestDatabase("jdbc:postgresql://127.0.0.1:5432/" + name, "postgres",
                "update", false)) {
            fill(db.newEntityManager());
        }
        List<String> dump = new ArrayList<>(List.of("pg_dump", "-h", "127.0.0.1", "-U", "postgres", "--no-owner",
                "--no-privileges", "--no-comments", "--inserts", "-f", dir.resolve("postgresql-hbm2ddl.sql").toString(),
                name));
        Process p = new ProcessBuilder(dump).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pg_dump failed");
        }
        // psql's meta-commands (\restrict) are not SQL: the test runs the file through JDBC
        Path pg = dir.resolve("postgresql-hbm2ddl.sql");
        Files.write(pg, Files.readAllLines(pg).stream().filter(l -> !l.startsWith("\\")).toList());
        for (Path file : List.of(h2, pg)) {
            Files.writeString(file, HEADER + Files.readString(file));
        }
    }

    private static final String HEADER = """
            -- A database as Jeton's versions before migrations left it (hibernate.hbm2ddl.auto=update, no
            -- migration history), with a few rows of a live grant: made by dev.jeton.persistence.LegacySchemaFixture,
            -- read by SchemaMigrationsTest. Do not edit: it stands for databases that exist.
            """;

    /** One client, user, consent, live grant (family, refresh and access token), spent code and audit event. */
    static void fill(EntityManager em) {
        inTransaction(em, () -> {
            ClientEntity c = new ClientEntity();
            c.setClientId(CLIENT);
            c.setClientName("Legacy web app");
            c.setSecretHash("sha256:legacy");
            c.setAuthMethod("client_secret_basic");
            c.setConfidential(true);
            c.setGrantTypes("authorization_code refresh_token");
            c.setScopes("openid profile offline_access");
            c.setRedirectUris("https://legacy.example.org/cb");
            c.setEnabled(true);
            c.setFirstParty(false);
            c.setRequirePkce(true);
            c.setFapi2(false);
            c.setDpopBoundAccessTokens(false);
            c.setSource("file");
            c.setCreatedAt(MADE);
            c.setUpdatedAt(MADE);
            em.persist(c);

            UserEntity u = new UserEntity();
            u.setSubject(SUBJECT);
            u.setUsername(USERNAME);
            u.setUsernameLower(USERNAME.toLowerCase(java.util.Locale.ROOT));
            u.setPasswordHash("pbkdf2-sha256$20000$c2FsdA$aGFzaA");
            u.setEnabled(true);
            u.setClaims("{\"email\":\"legacy@example.org\"}");
            u.setCreatedAt(MADE);
            u.setUpdatedAt(MADE);
            em.persist(u);

            ConsentEntity consent = new ConsentEntity();
            consent.setSubject(SUBJECT);
            consent.setClientId(CLIENT);
            consent.setScopes("openid profile");
            consent.setCreatedAt(MADE);
            consent.setUpdatedAt(MADE);
            em.persist(consent);

            TokenFamilyEntity f = new TokenFamilyEntity();
            f.setId(FAMILY);
            f.setClientId(CLIENT);
            f.setSubject(SUBJECT);
            f.setScope("openid offline_access");
            f.setAuthTime(MADE);
            f.setCreatedAt(MADE);
            f.setAbsoluteExpiry(EXPIRES);
            em.persist(f);

            RefreshTokenEntity r = new RefreshTokenEntity();
            r.setTokenHash(REFRESH_HASH);
            r.setFamilyId(FAMILY);
            r.setClientId(CLIENT);
            r.setScope("openid offline_access");
            r.setIssuedAt(MADE);
            r.setExpiresAt(EXPIRES);
            em.persist(r);

            IssuedAccessTokenEntity a = new IssuedAccessTokenEntity();
            a.setJwtId(ACCESS_JTI);
            a.setFamilyId(FAMILY);
            a.setExpiresAt(EXPIRES);
            em.persist(a);

            AuthorizationCodeEntity code = new AuthorizationCodeEntity();
            code.setCodeHash(CODE_HASH);
            code.setClientId(CLIENT);
            code.setRedirectUri("https://legacy.example.org/cb");
            code.setCodeChallenge("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
            code.setScope("openid offline_access");
            code.setSubject(SUBJECT);
            code.setAuthTime(MADE);
            code.setExpiresAt(MADE.plusSeconds(60));
            code.setDpopJkt("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
            code.setConsumed(true);
            code.setFamilyId(FAMILY);
            code.setConsumedAt(MADE.plusSeconds(5));
            em.persist(code);

            AuditOutboxEntity event = new AuditOutboxEntity();
            event.setEventId("00000000-0000-4000-8000-000000000001");
            event.setEventName("token.issued");
            event.setPayload("{\"event\":\"token.issued\"}");
            event.setCreatedAt(MADE);
            em.persist(event);
        });
    }
}
