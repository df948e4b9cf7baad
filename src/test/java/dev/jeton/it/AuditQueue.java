package dev.jeton.it;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.activemq.ActiveMQConnectionFactory;

import java.io.StringReader;
import java.util.function.Predicate;

/**
 * Reads the audit queue off the broker that the server's resource adapter started, over TCP,
 * as an operator's consumer would.
 */
final class AuditQueue implements AutoCloseable {

    record Received(JsonObject body, TextMessage message) {
    }

    private final Connection connection;
    private final Session session;
    private final MessageConsumer consumer;

    AuditQueue() throws JMSException {
        this(Integer.parseInt(System.getProperty("jeton.it.broker.port")));
    }

    /** The queue of a broker on 127.0.0.1:{@code port} (a server the test started itself). */
    AuditQueue(int port) throws JMSException {
        var factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createConsumer(session.createQueue("jeton.audit"));
    }

    /** The first message matching {@code wanted} within 15 s; messages for other tests are skipped. */
    Received await(Predicate<JsonObject> wanted) throws JMSException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Message message = consumer.receive(500);
            if (message instanceof TextMessage text) {
                JsonObject body = Json.createReader(new StringReader(text.getText())).readObject();
                if (wanted.test(body)) {
                    return new Received(body, text);
                }
            }
        }
        throw new AssertionError("no matching audit event on the queue within 15 s");
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
