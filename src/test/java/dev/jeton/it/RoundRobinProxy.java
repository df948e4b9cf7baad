package dev.jeton.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load balancer of a cluster test: a TCP proxy on 127.0.0.1 that sends each new connection to
 * the next node in turn, with no affinity of any kind, and past a node that refuses the connection
 * (a killed one) to the next. A client that sends {@code Connection: close} (RawHttp does, when
 * asked) makes a new connection per request, so its requests alternate between the nodes. A node
 * can be taken out, as a balancer's health check would once the node is known dead: a killed WildFly
 * node's port still accepts connections for about half a second after SIGKILL, and each of them is
 * lost.
 */
final class RoundRobinProxy implements AutoCloseable {

    private final List<Integer> nodePorts;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger[] served;
    private final java.util.concurrent.atomic.AtomicIntegerArray out;
    private final ExecutorService pipes = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "round-robin-pipe");
        t.setDaemon(true);
        return t;
    });
    private final ServerSocket server;

    RoundRobinProxy(int port, List<Integer> nodePorts) throws IOException {
        this.nodePorts = List.copyOf(nodePorts);
        this.served = new AtomicInteger[nodePorts.size()];
        this.out = new java.util.concurrent.atomic.AtomicIntegerArray(nodePorts.size());
        for (int i = 0; i < served.length; i++) {
            served[i] = new AtomicInteger();
        }
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        Thread acceptor = new Thread(this::accept, "round-robin-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many connections node {@code index} took. */
    int served(int index) {
        return served[index].get();
    }

    /** From now on no new connection goes to node {@code index}; those it has keep their fate. */
    void takeOut(int index) {
        out.set(index, 1);
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            pipes.execute(() -> route(client));
        }
    }

    private void route(Socket client) {
        int first = Math.floorMod(next.getAndIncrement(), nodePorts.size());
        for (int i = 0; i < nodePorts.size(); i++) {
            int node = (first + i) % nodePorts.size();
            if (out.get(node) == 1) {
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePorts.get(node)), 2_000);
            } catch (IOException refused) {
                Sockets.closeQuietly(upstream);
                continue;
            }
            served[node].incrementAndGet();
            pipes.execute(() -> Sockets.pipe(upstream, client));
            Sockets.pipe(client, upstream);
            return;
        }
        Sockets.closeQuietly(client);
    }

    @Override
    public void close() throws IOException {
        server.close();
        pipes.shutdownNow();
    }
}
