package dev.jeton.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;

/**
 * Stored refresh-token families that the benchmark does not use, inserted straight into Jeton's
 * tables (those of {@code dev.jeton.persistence.TokenFamilyEntity} and {@code RefreshTokenEntity}):
 * per family one row in {@code jeton_token_family} and its one live refresh token in
 * {@code jeton_refresh_token}, as a sign-in with {@code offline_access} leaves them. The tables must
 * exist (the server creates them on its first start) and the server must not hold the database:
 * for H2 the file is opened while the server is stopped. Token hashes are random, so no token
 * anyone holds matches them.
 */
final class Prefill {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BATCH = 1000;
    private static final int COMMIT_EVERY = 20_000;

    private Prefill() {
    }

    /** Inserts {@code n} families of {@code clientId}; prints progress. */
    static void families(String jdbcUrl, String user, String password, long n, String clientId) throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime created = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime expiry = created.plusDays(30);
        OffsetDateTime idleExpiry = created.plusDays(14);
        String prefix = "bench-prefill-" + Long.toString(now.getEpochSecond(), 36) + "-";
        try (Connection db = DriverManager.getConnection(jdbcUrl, user, password)) {
            db.setAutoCommit(false);
            try (PreparedStatement family = db.prepareStatement("insert into jeton_token_family (family_id, client_id,"
                    + " subject, scope, auth_time, created_at, absolute_expiry) values (?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement token = db.prepareStatement("insert into jeton_refresh_token (token_hash, family_id,"
                         + " client_id, scope, issued_at, expires_at) values (?, ?, ?, ?, ?, ?)")) {
                long t0 = System.nanoTime();
                for (long i = 1; i <= n; i++) {
                    String id = prefix + i;
                    family.setString(1, id);
                    family.setString(2, clientId);
                    family.setString(3, String.format(Locale.ROOT, "bench-user-%d", i % 100_000));
                    family.setString(4, BenchClients.APP_SCOPE);
                    family.setObject(5, created);
                    family.setObject(6, created);
                    family.setObject(7, expiry);
                    family.addBatch();
                    token.setString(1, randomHash());
                    token.setString(2, id);
                    token.setString(3, clientId);
                    token.setString(4, BenchClients.APP_SCOPE);
                    token.setObject(5, created);
                    token.setObject(6, idleExpiry);
                    token.addBatch();
                    if (i % BATCH == 0 || i == n) {
                        family.executeBatch();
                        token.executeBatch();
                    }
                    if (i % COMMIT_EVERY == 0 || i == n) {
                        db.commit();
                        System.out.printf(Locale.ROOT, "  prefill: %,d of %,d families (%.0f s)%n", i, n,
                                (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
            if (jdbcUrl.startsWith("jdbc:postgresql:")) {
                settle(db);
            }
        }
    }

    /**
     * The aftermath of a bulk load, done before the measured start rather than during it: autovacuum analysing
     * the new rows and the checkpoint of their WAL took a third of the machine for minutes after a prefill of
     * 1,000,000 families, and client_credentials, which reads none of these tables, measured 2.81 ms per token
     * against 1.85 on the empty database (3 December). A deployment with a million families has them vacuumed,
     * analysed and checkpointed long ago.
     */
    private static void settle(Connection db) throws SQLException {
        long t0 = System.nanoTime();
        db.setAutoCommit(true);
        try (Statement s = db.createStatement()) {
            s.execute("vacuum analyze jeton_token_family");
            s.execute("vacuum analyze jeton_refresh_token");
            try {
                s.execute("checkpoint");
            } catch (SQLException e) {
                System.out.println("  prefill: no checkpoint (" + e.getMessage().strip() + "): the first minutes of "
                        + "the run may share the machine with it");
            }
        }
        System.out.printf(Locale.ROOT, "  prefill: vacuumed, analysed and checkpointed (%.0f s)%n",
                (System.nanoTime() - t0) / 1e9);
    }

    /** 43 base64url characters, like the SHA-256 of a token (TokenHashes). */
    private static String randomHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new String(Base64.getUrlEncoder().withoutPadding().encode(bytes), StandardCharsets.US_ASCII);
    }
}
