package dev.jeton.persistence;

import dev.jeton.persistence.MigratedDatabase.Vendor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A secret no operator configured is made once and then read by every node (issue #19: the DPoP
 * nonce key), on H2 and on the machine's PostgreSQL, also when several nodes ask at once.
 */
class ServerSecretRowsTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private MigratedDatabase db;

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private static byte[] random(int seed) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void theFirstCandidateWinsAndEveryLaterCallerReadsIt(Vendor vendor) throws SQLException {
        db = MigratedDatabase.fresh(vendor);
        try (Connection a = db.connection(); Connection b = db.connection()) {
            assertArrayEquals(random(1), ServerSecretRows.shared(a, "dpop-nonce", random(1), NOW));
            assertArrayEquals(random(1), ServerSecretRows.shared(b, "dpop-nonce", random(2), NOW),
                    "a second node gets the first node's secret, not its own candidate");
            assertArrayEquals(random(3), ServerSecretRows.shared(b, "other", random(3), NOW), "names are separate");
        }
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void nodesStartingTogetherAllGetOneSecret(Vendor vendor) throws Exception {
        db = MigratedDatabase.fresh(vendor);
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int seed = 10 + i;
                got.add(nodes.submit(() -> {
                    try (Connection c = db.connection()) {
                        return ServerSecretRows.shared(c, "dpop-nonce", random(seed), NOW);
                    }
                }));
            }
            byte[] first = got.get(0).get();
            assertFalse(Arrays.equals(new byte[32], first));
            for (Future<byte[]> f : got) {
                assertArrayEquals(first, f.get());
            }
        } finally {
            nodes.shutdownNow();
        }
        try (Connection c = db.connection(); var s = c.createStatement();
             var r = s.executeQuery("select count(*) from jeton_server_secret")) {
            r.next();
            assertEquals(1, r.getInt(1));
        }
    }
}
