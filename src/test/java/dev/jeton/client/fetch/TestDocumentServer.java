package dev.jeton.client.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS server on 127.0.0.1 (JDK's com.sun.net.httpserver) with a {@link TestTls} certificate:
 * serves the documents a test puts in it, counts the requests per path, and misbehaves on
 * demand (redirects, huge bodies, slowness).
 */
public final class TestDocumentServer implements AutoCloseable {

    /** What to answer on a path. */
    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-document-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    public TestDocumentServer(TestTls tls) {
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Answer answer = answers.get(path);
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    answer.answer(exchange);
                }
            } catch (IOException e) {
                // the client went away (a refused body): nothing to do
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TestDocumentServer on(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** Serves {@code json} with the given extra header fields (name, value, ...). */
    public TestDocumentServer json(String path, String json, String... headers) {
        return on(path, exchange -> {
            for (int i = 0; i < headers.length; i += 2) {
                exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    /** A body of {@code bytes} bytes, chunked (no Content-Length) or with its length announced. */
    public TestDocumentServer huge(String path, int bytes, boolean chunked) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, chunked ? 0 : bytes);
            byte[] block = new byte[8192];
            java.util.Arrays.fill(block, (byte) ' ');
            OutputStream out = exchange.getResponseBody();
            for (int sent = 0; sent < bytes; sent += block.length) {
                out.write(block, 0, Math.min(block.length, bytes - sent));
            }
        });
    }

    public TestDocumentServer redirect(String path, String location) {
        return on(path, exchange -> {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(302, -1);
        });
    }

    /** Answers {@code json} only after {@code millis}. */
    public TestDocumentServer slow(String path, long millis, String json) {
        return on(path, exchange -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
    }

    public int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
