package dev.jeton.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of request the benchmark measures. Everything a request needs that costs the load
 * generator or the server work of its own (codes, signed client assertions, DPoP proofs, first
 * refresh tokens) is made in {@link #prepare} or {@link #batch}, outside the measured window.
 */
interface Scenario {

    /** Where the server is: {@code base} is the issuer URL, {@code hostHeader} its host and port. */
    record Target(String host, int port, URI base, String hostHeader) {
        static Target loopback(int port) {
            return new Target("127.0.0.1", port, URI.create("http://localhost:" + port), "localhost:" + port);
        }
    }

    /** Its name on the command line and in the report. */
    String name();

    /** What is sent, in words. */
    String describe();

    /**
     * The JOSE operations one request contains, named as {@link BareCrypto}'s costs ("ES256 sign").
     * Signatures are read off the responses (which tokens came back, signed with what).
     */
    List<String> contained();

    /** The longest window one batch may cover: codes and proofs made before it must still be valid at its end. */
    default double maxWindowSeconds() {
        return Double.POSITIVE_INFINITY;
    }

    /** Gets ready for runs at this concurrency (outside any measurement). */
    default void prepare(int concurrency) throws Exception {
    }

    /**
     * The requests of one window of at most {@code seconds}, made now; {@code expectedRate} (requests
     * per second, from the window before) sizes batches of prepared requests.
     */
    LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) throws Exception;

    /** How many prepared requests a window needs: the expected rate over the window with a margin, within limits. */
    static int batchSize(double expectedRate, double seconds, int concurrency, int max) {
        double rate = expectedRate > 0 ? expectedRate : 200;
        long n = (long) Math.ceil(rate * seconds * 1.25) + 2L * concurrency;
        return (int) Math.max(concurrency, Math.min(max, n));
    }

    /** The same request again and again. */
    static LoadRunner.Source repeat(byte[] request, Function<HttpConnection.Response, String> check) {
        return new LoadRunner.Source() {
            @Override
            public byte[] next(int worker) {
                return request;
            }

            @Override
            public String check(int worker, HttpConnection.Response response) {
                return check.apply(response);
            }
        };
    }

    /** Each prepared request once, shared by all workers; exhausted when all were sent. */
    static LoadRunner.Source once(List<byte[]> requests, Function<HttpConnection.Response, String> check) {
        AtomicInteger next = new AtomicInteger();
        return new LoadRunner.Source() {
            @Override
            public byte[] next(int worker) {
                int i = next.getAndIncrement();
                return i < requests.size() ? requests.get(i) : null;
            }

            @Override
            public String check(int worker, HttpConnection.Response response) {
                return check.apply(response);
            }
        };
    }

    /** A token response: 200 with an access token. */
    static String tokenResponse(HttpConnection.Response r) {
        if (r.status() != 200) {
            return "HTTP " + r.status();
        }
        return r.body().contains("\"access_token\":\"") ? null : "200 without access_token";
    }

    /** The signatures a token response carries: one per JWT in it (access token, ID token), with its algorithm. */
    static List<String> signaturesIn(String tokenResponse) {
        List<String> ops = new ArrayList<>();
        for (String member : List.of("access_token", "id_token")) {
            String jwt = CodeFactory.member(tokenResponse, member);
            if (jwt != null && jwt.indexOf('.') > 0) {
                ops.add(algorithm(jwt) + " sign");
            }
        }
        return ops;
    }

    /** The {@code alg} of a JWS's protected header. */
    static String algorithm(String jws) {
        String header = new String(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.'))),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"alg\"\\s*:\\s*\"([^\"]+)\"").matcher(header);
        return m.find() ? m.group(1) : "unknown";
    }
}
