package dev.jeton.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.jeton.it.ClusterClient.BASIC_SECRET;
import static dev.jeton.it.ClusterClient.FIRST;
import static dev.jeton.it.ClusterClient.POST_SECRET;
import static dev.jeton.it.ClusterClient.jti;
import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of one node of a cluster under load through the round-robin proxy (issue #19), the
 * step ClusterIT (Payara Micro) and WildFlyClusterIT run: every acknowledged token's audit event reaches
 * the broker's queue, the other nodes' relays deliver what the dead node left in the outbox (every relay
 * is held back for the last 3 s before the kill, so it leaves some), each grant's events arrive in the
 * order they happened with increasing order keys (the message property {@code seq}: the outbox's
 * sequence, from the database's sequence in the insert), and every acknowledged rotation's grant state
 * is on disk. Exact: every answer that comes is a 200, and no request sent after the dead node was
 * taken out of the proxy is lost. The server-specific parts (how to kill a node, how to read the
 * broker's queue) are the caller's.
 */
final class ClusterKillUnderLoad {

    /** Kills a node the hard way (SIGKILL to its JVM), running {@code signalled} as soon as the signal is sent. */
    interface Kill {
        void run(Runnable signalled) throws Exception;
    }

    /** Opens a reader of the broker's jeton.audit queue. */
    interface QueueReader {
        ResilienceIT.Queue open() throws Exception;
    }

    private final ClusterClient client;
    private final RoundRobinProxy proxy;
    private final String database;
    /** System.nanoTime() when the dead node was taken out of the proxy; Long.MAX_VALUE before. */
    private volatile long takenOutAt = Long.MAX_VALUE;

    /** @param database the cluster's PostgreSQL database (its outbox is read directly) */
    ClusterKillUnderLoad(ClusterClient client, RoundRobinProxy proxy, String database) {
        this.client = client;
        this.proxy = proxy;
        this.database = database;
    }

    /**
     * Load (client_credentials and refresh chains) through the proxy for 5 s, the last 3 s of them with every
     * relay held, then {@code kill} of {@code nodes.get(victim)} (taken out of the proxy as soon as the signal
     * is sent, as a balancer's health check would), 6 s more load, then the checks; the last step goes to
     * {@code survivor}. Returns what happened, for the log.
     */
    String run(List<? extends ClusterNode> nodes, int victim, ClusterNode survivor, Kill kill, QueueReader queueReader)
            throws Exception {
        // refresh chains need codes; they are made before the load starts. Each chain whose request is on the
        // killed node at that moment stops there: enough of them to have some that run to the end.
        List<String> chainStarts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            chainStarts.add(client.signedIn(nodes.get(i % nodes.size())).getString("refresh_token"));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> lostAfterTakeOut = Collections.synchronizedList(new ArrayList<>());
        List<Chain> chains = Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(2 + chainStarts.size());
        List<Future<int[]>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(load.submit(() -> clientCredentialsLoad(running, acknowledged, lostAfterTakeOut)));
        }
        for (String start : chainStarts) {
            workers.add(load.submit(() -> refreshChain(start, running, chains, lostAfterTakeOut)));
        }
        Thread.sleep(2_000);
        long killedAt;
        long leftInOutbox;
        long held;
        // a row lock on an outbox row: every relay (they lock from the head, in seq order, and do not skip locked
        // rows) stops there, so what the victim acknowledges from now on is still in the outbox when it dies
        try (Connection head = DriverManager.getConnection(databaseUrl())) {
            head.setAutoCommit(false);
            held = lockAnOutboxRow(head);
            int before = proxy.served(victim);
            Thread.sleep(3_000);
            kill.run(() -> {
                proxy.takeOut(victim);
                takenOutAt = System.nanoTime();
            });
            killedAt = System.nanoTime();
            leftInOutbox = outboxRows();
            assertTrue(proxy.served(victim) > before, "node " + nodes.get(victim).name()
                    + " took requests while no relay could send");
            assertTrue(leftInOutbox > 0, "the dead node left events in the outbox");
            head.rollback();
        }
        Thread.sleep(6_000);
        running.set(false);
        int[] totals = new int[3];
        for (Future<int[]> f : workers) {
            int[] t = f.get();
            for (int i = 0; i < 3; i++) {
                totals[i] += t[i];
            }
        }
        load.shutdownNow();
        for (int i = 0; i < nodes.size(); i++) {
            assertTrue(proxy.served(i) > 0, "the load reached node " + nodes.get(i).name());
        }
        assertTrue(totals[0] > 20, "tokens were acknowledged: " + totals[0]);
        assertTrue(totals[1] > 0, "the kill cut requests off: " + totals[1]);
        assertEquals(0, totals[2], "every answer that came was a 200");
        assertEquals(List.of(), lostAfterTakeOut, "requests sent after the dead node was taken out were answered");

        // every acknowledged token's event is on the queue; the survivors' relays empty the outbox
        Set<String> wanted = new HashSet<>(acknowledged);
        chains.forEach(c -> wanted.addAll(c.jtis));
        String summary;
        try (ResilienceIT.Queue queue = queueReader.open()) {
            Map<String, JsonObject> events = queue.readUntil(m -> m.values().stream()
                    .map(e -> e.getString("jti", "")).collect(Collectors.toSet()).containsAll(wanted),
                    Duration.ofSeconds(60));
            Set<String> jtis = events.values().stream().map(e -> e.getString("jti", "")).collect(Collectors.toSet());
            List<String> missing = wanted.stream().filter(j -> !jtis.contains(j)).toList();
            assertEquals(List.of(), missing, "acknowledged tokens whose audit event never arrived");
            // per grant, in order: the chain's tokens arrive in the order they were acknowledged, and their order
            // keys (seq) increase along the chain, whichever node served each step and whichever relayed it
            for (Chain chain : chains) {
                List<Map.Entry<String, JsonObject>> ofChain = events.entrySet().stream()
                        .filter(e -> chain.jtis.contains(e.getValue().getString("jti", ""))).toList();
                assertEquals(chain.jtis, ofChain.stream().map(e -> e.getValue().getString("jti")).toList(),
                        "one grant's events arrive in the order they happened");
                Long previous = null;
                for (Map.Entry<String, JsonObject> event : ofChain) {
                    Long seq = queue.sequence(event.getKey());
                    assertNotNull(seq, "every event carries its order key");
                    assertTrue(previous == null || seq > previous, "the order key increases along the grant: "
                            + seq + " after " + previous);
                    previous = seq;
                }
            }
            String served = java.util.stream.IntStream.range(0, nodes.size())
                    .mapToObj(i -> "node " + nodes.get(i).name() + " took " + proxy.served(i))
                    .collect(Collectors.joining(", "));
            summary = String.format("relays held at seq %d for 3 s, node %s killed with %d events in the outbox; %d"
                            + " tokens acknowledged (%d in %d refresh chains), %d requests cut off by the kill; %d"
                            + " distinct events on the queue; %s connections; outbox empty %d ms after the kill",
                    held, nodes.get(victim).name(), leftInOutbox, totals[0],
                    chains.stream().mapToInt(c -> c.jtis.size()).sum(), chains.size(), totals[1], events.size(), served,
                    Duration.ofNanos(awaitEmptyOutbox() - killedAt).toMillis());
        }
        assertEquals(0, outboxRows(), "the surviving nodes' relays delivered what the dead node left");

        // the grant state every acknowledged rotation wrote is there: each chain not cut off by the kill goes on
        long going = chains.stream().filter(c -> !c.cut).count();
        assertTrue(going > 0, "some chains ran to the end of the load");
        for (Chain chain : chains) {
            if (!chain.cut) {
                HttpResponse<String> next = client.token(survivor, form(Map.of("grant_type", "refresh_token",
                        "refresh_token", chain.last)), basic(FIRST, POST_SECRET));
                assertEquals(200, next.statusCode(), "the last acknowledged rotation is on disk: " + next.body());
            }
        }
        return summary;
    }

    /** One refresh-token chain of the load: its acknowledged access tokens in order, the last refresh token. */
    private static final class Chain {
        final List<String> jtis = new ArrayList<>();
        volatile String last;
        /** A rotation's answer was lost: its outcome is unknown, so the chain stopped there. */
        volatile boolean cut;
    }

    /**
     * client_credentials through the proxy, a new connection per request; returns {acknowledged, cut off, other}.
     * A request sent after the take-out whose answer is lost goes to {@code lost}.
     */
    private int[] clientCredentialsLoad(AtomicBoolean running, List<String> acknowledged, List<String> lost) {
        int[] counts = new int[3];
        String body = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        while (running.get()) {
            long sent = System.nanoTime();
            OneShot.Answer answer = OneShot.post(proxy.port(), "/oauth/token", body,
                    "Authorization", basic("it-basic", BASIC_SECRET));
            if (answer == null) {
                counts[1]++;
                noteIfAfterTakeOut(sent, "client_credentials", lost);
            } else if (answer.status() == 200) {
                acknowledged.add(jti(Json.createReader(new StringReader(answer.body())).readObject()));
                counts[0]++;
            } else {
                counts[2]++;
            }
        }
        return counts;
    }

    /**
     * Rotates one refresh token after another through the proxy; the acknowledged access tokens are the chain.
     * A rotation whose answer was lost to the kill ends the chain: its outcome is unknown, and presenting the
     * same token again would be reuse. Returns {acknowledged, cut off, other}.
     */
    private int[] refreshChain(String refresh, AtomicBoolean running, List<Chain> chains, List<String> lost) {
        int[] counts = new int[3];
        Chain chain = new Chain();
        chain.last = refresh;
        chains.add(chain);
        while (running.get() && !chain.cut) {
            long sent = System.nanoTime();
            OneShot.Answer answer = OneShot.post(proxy.port(), "/oauth/token",
                    form(Map.of("grant_type", "refresh_token", "refresh_token", chain.last)),
                    "Authorization", basic(FIRST, POST_SECRET));
            if (answer == null) {
                counts[1]++;
                chain.cut = true;
                noteIfAfterTakeOut(sent, "refresh_token", lost);
            } else if (answer.status() == 200) {
                JsonObject tokens = Json.createReader(new StringReader(answer.body())).readObject();
                chain.jtis.add(jti(tokens));
                chain.last = tokens.getString("refresh_token");
                counts[0]++;
            } else {
                counts[2]++;
                chain.cut = true;
            }
        }
        return counts;
    }

    private void noteIfAfterTakeOut(long sent, String what, List<String> lost) {
        long out = takenOutAt;
        if (sent > out) {
            lost.add(what + " sent " + Duration.ofNanos(sent - out).toMillis() + " ms after the take-out");
        }
    }

    /**
     * Locks one row of the outbox in {@code c}'s transaction and returns its seq. Under load rows come and go
     * within milliseconds (each commit kicks its node's relay), so this polls; rows a relay has locked are skipped.
     */
    private static long lockAnOutboxRow(Connection c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r = s.executeQuery("select seq from jeton_audit_outbox order by seq limit 1 for update"
                        + " skip locked")) {
                    if (r.next()) {
                        return r.getLong(1);
                    }
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError("no outbox row to hold under load within 20 s");
    }

    private long awaitEmptyOutbox() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outboxRows() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return System.nanoTime();
    }

    private String databaseUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres";
    }

    private long outboxRows() throws Exception {
        try (var c = DriverManager.getConnection(databaseUrl());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from jeton_audit_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }
}
