package dev.jeton.bench;

import dev.jeton.it.Sockets;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that reads the frontend side of the wire protocol (PostgreSQL
 * documentation, "Frontend/Backend Protocol", message formats) and counts, for every connection
 * through it: statements executed ({@code Execute} of the extended protocol, plus simple
 * {@code Query} messages) and round trips ({@code Sync} and simple {@code Query}: each makes the
 * client wait for the server's {@code ReadyForQuery}). Plain text only: the server must not switch
 * to TLS (PostgreSQL with {@code ssl = off}, or {@code sslmode=disable}); an SSLRequest answered
 * with 'S' would make the rest unreadable, and the counts say so by staying at zero.
 */
final class PgWireCounter implements AutoCloseable {

    /** Counts since the proxy started. */
    record Counts(long statements, long roundTrips, long parses) {
        Counts minus(Counts o) {
            return new Counts(statements - o.statements, roundTrips - o.roundTrips, parses - o.parses);
        }
    }

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong parses = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "pg-wire-counter");
        t.setDaemon(true);
        return t;
    });

    PgWireCounter(InetSocketAddress target) throws IOException {
        this.target = target;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        threads.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    Counts counts() {
        return new Counts(statements.get(), roundTrips.get(), parses.get());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                threads.execute(() -> Sockets.pipe(upstream, client));
                threads.execute(() -> frontend(client, upstream));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Client to server, message by message, counting as it goes. */
    private void frontend(Socket client, Socket upstream) {
        try (DataInputStream in = new DataInputStream(client.getInputStream());
             OutputStream out = upstream.getOutputStream()) {
            boolean untyped = true;
            while (true) {
                int type = -1;
                if (!untyped) {
                    type = in.read();
                    if (type < 0) {
                        return;
                    }
                }
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                if (untyped) {
                    int code = body.length >= 4 ? ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16)
                            | ((body[2] & 0xff) << 8) | (body[3] & 0xff) : 0;
                    untyped = code == SSL_REQUEST || code == GSS_REQUEST;
                    writeInt(out, length);
                } else {
                    count((char) type);
                    out.write(type);
                    writeInt(out, length);
                }
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // the connection ended
        } finally {
            Sockets.closeQuietly(client);
            Sockets.closeQuietly(upstream);
        }
    }

    private void count(char type) {
        switch (type) {
            case 'E' -> statements.incrementAndGet();
            case 'Q' -> {
                statements.incrementAndGet();
                roundTrips.incrementAndGet();
            }
            case 'S' -> roundTrips.incrementAndGet();
            case 'P' -> parses.incrementAndGet();
            default -> {
            }
        }
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
