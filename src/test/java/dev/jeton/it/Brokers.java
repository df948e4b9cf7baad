package dev.jeton.it;

import org.apache.activemq.broker.BrokerService;

import java.nio.file.Path;

/** The external ActiveMQ broker a test or benchmark runs in its own JVM, as an operator's broker would be. */
public final class Brokers {

    private Brokers() {
    }

    /** A started, persistent broker listening on 127.0.0.1:{@code port}, its store in {@code dataDir}. */
    public static BrokerService start(String name, Path dataDir, int port) throws Exception {
        BrokerService broker = new BrokerService();
        broker.setBrokerName(name);
        broker.setUseJmx(false);
        broker.setPersistent(true);
        broker.setDataDirectoryFile(dataDir.toFile());
        broker.setUseShutdownHook(false);
        broker.addConnector("tcp://127.0.0.1:" + port);
        broker.start();
        broker.waitUntilStarted();
        return broker;
    }
}
