package dev.jeton.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.http.HttpResponse;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of one node of a cluster under load through the round-robin proxy (issue #19):
 * every acknowledged token's audit event reaches the broker's queue, the other nodes' relays deliver
 * what the dead node left in the outbox, each grant's events arrive in the order they happened (the
 * order key: the outbox's {@code seq}, from the database's sequence), and every acknowledged
 * rotation's grant state is on disk. The server-specific parts (how to kill a node, how to read the
 * broker's queue) are the caller's.
 */
final class ClusterKillUnderLoad {

    /** Kills a node the hard way (SIGKILL to its JVM). */
    interface Kill {
        void run() throws Exception;
    }

    /** Opens a reader of the broker's jeton.audit queue. */
    interface QueueReader {
        ResilienceIT.Queue open() throws Exception;
    }

    private final ClusterClient client;
    private final RoundRobinProxy proxy;
    private final String database;

    /** @param database the cluster's PostgreSQL database (its outbox is read directly) */
    ClusterKillUnderLoad(ClusterClient client, RoundRobinProxy proxy, String database) {
        this.client = client;
        this.proxy = proxy;
        this.database = database;
    }

    /**
     * Load (client_credentials and refresh chains) through the proxy for 5 s, then {@code kill} of
     * {@code victim}, 6 s more load, then the checks; the last step goes to {@code survivor}.
     * Returns what happened, for the log.
     */
    String run(List<? extends ClusterNode> nodes, ClusterNode survivor, Kill kill, QueueReader queueReader)
            throws Exception {
        // refresh chains need codes; they are made before the load starts. Each chain whose request is on
        // the killed node at that moment stops there: enough of them to have some that run to the end.
        List<String> chainStarts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            chainStarts.add(client.signedIn(nodes.get(i % nodes.size())).getString("refresh_token"));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Chain> chains = Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(10);
        List<Future<int[]>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(load.submit(() -> clientCredentialsLoad(running, acknowledged)));
        }
        for (String start : chainStarts) {
            workers.add(load.submit(() -> refreshChain(start, running, chains)));
        }
        Thread.sleep(5_000);
        kill.run();
        long killedAt = System.nanoTime();
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
            // per grant, in order: the chain's tokens arrive in the order they were acknowledged
            List<String> arrival = events.values().stream().map(e -> e.getString("jti", "")).toList();
            for (Chain chain : chains) {
                List<String> seen = arrival.stream().filter(chain.jtis::contains).toList();
                assertEquals(chain.jtis, seen, "one grant's events in the order they happened");
            }
            String served = java.util.stream.IntStream.range(0, nodes.size())
                    .mapToObj(i -> "node " + nodes.get(i).name() + " took " + proxy.served(i))
                    .collect(Collectors.joining(", "));
            summary = String.format("%d tokens acknowledged (%d in %d refresh chains), %d requests cut off by the"
                            + " kill, %d answered otherwise; %d distinct events on the queue; %s connections;"
                            + " outbox empty %d ms after the kill",
                    totals[0], chains.stream().mapToInt(c -> c.jtis.size()).sum(), chains.size(), totals[1], totals[2],
                    events.size(), served, Duration.ofNanos(awaitEmptyOutbox() - killedAt).toMillis());
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

    /** client_credentials through the proxy, a new connection per request; returns {acknowledged, cut off, other}. */
    private int[] clientCredentialsLoad(AtomicBoolean running, List<String> acknowledged) {
        int[] counts = new int[3];
        String body = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        while (running.get()) {
            OneShot.Answer answer = OneShot.post(proxy.port(), "/oauth/token", body,
                    "Authorization", basic("it-basic", BASIC_SECRET));
            if (answer == null) {
                counts[1]++;
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
    private int[] refreshChain(String refresh, AtomicBoolean running, List<Chain> chains) {
        int[] counts = new int[3];
        Chain chain = new Chain();
        chain.last = refresh;
        chains.add(chain);
        while (running.get() && !chain.cut) {
            OneShot.Answer answer = OneShot.post(proxy.port(), "/oauth/token",
                    form(Map.of("grant_type", "refresh_token", "refresh_token", chain.last)),
                    "Authorization", basic(FIRST, POST_SECRET));
            if (answer == null) {
                counts[1]++;
                chain.cut = true;
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

    private long awaitEmptyOutbox() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outboxRows() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return System.nanoTime();
    }

    private long outboxRows() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from jeton_audit_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }
}
