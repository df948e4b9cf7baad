package dev.jeton.bench;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.ActiveMQConnectionFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads jeton.audit for a whole run, as an operator's consumer would, counting distinct event ids and events by
 * name. The benchmarks run with it: a queue nobody reads grows without end, and the broker's index work per
 * message grows with it, which no deployment has.
 */
final class AuditQueueReader implements AutoCloseable {

    private final Connection connection;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> byName = new ConcurrentHashMap<>();
    final AtomicLong messages = new AtomicLong();

    AuditQueueReader(int brokerPort) throws JMSException {
        connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort).createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(session.createQueue("jeton.audit"));
        consumer.setMessageListener(this::onMessage);
        connection.start();
    }

    private void onMessage(Message message) {
        try {
            messages.incrementAndGet();
            if (ids.add(message.getStringProperty("event_id"))) {
                byName.computeIfAbsent(String.valueOf(message.getStringProperty("event")), n -> new LongAdder())
                        .increment();
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    long distinct() {
        return ids.size();
    }

    /** Distinct events by name, sorted by name. */
    Map<String, Long> byName() {
        Map<String, Long> counts = new TreeMap<>();
        byName.forEach((name, n) -> counts.put(name, n.sum()));
        return counts;
    }

    /** Waits until {@code expected} distinct events came (or the timeout), then 2 s more for late duplicates. */
    long awaitDistinct(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ids.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(2000);
        return ids.size();
    }

    /** Waits until no new event came for {@code quiet} (the relay has drained the outbox), at most {@code max}. */
    long awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = messages.get();
            if (now == last) {
                break;
            }
            last = now;
            Thread.sleep(quiet.toMillis());
        }
        return ids.size();
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
