package dev.jeton.audit.outbox;

import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.transaction.Transactional;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.List;

/**
 * Puts audit events on the JMS queue. The connection factory and queue are looked up by the JNDI
 * names in configuration ({@code jeton.audit.*}), so the operator decides which broker and queue.
 * Uses Connection/Session rather than JMSContext because the ActiveMQ resource adapter offers no
 * JMS 2.0 simplified API.
 * <p>
 * The send does not join the relay's JTA transaction: a two-resource commit (broker and database)
 * is only atomic across a crash if the transaction manager's log survives and is recovered, and a
 * kill between the database's commit and the broker's would leave the events deleted from the
 * outbox but only prepared, never delivered, on the broker. Outside a transaction each persistent
 * send returns once the broker has stored the message, so the relay deletes the rows only after
 * that; a crash in between sends them again (at-least-once; consumers deduplicate by event_id).
 * Each message carries the string properties {@code event_id} and {@code event} and the long property
 * {@code seq}, the order key (docs/scaling.md).
 */
@ApplicationScoped
public class JmsAuditSender {

    @Inject
    JetonSettings settings;

    private volatile ConnectionFactory connectionFactory;
    private volatile Queue queue;

    /** Sends the events in order; any failure is thrown, so the caller's transaction rolls back. */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void send(List<PendingAuditEvent> events) throws JMSException, NamingException {
        try (Connection connection = connectionFactory().createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(queue());
            // stored by the broker (ActiveMQ: a synchronous send) before send returns
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (PendingAuditEvent event : events) {
                TextMessage message = session.createTextMessage(event.json());
                // consumers deduplicate at-least-once delivery by this id
                message.setStringProperty("event_id", event.eventId());
                message.setStringProperty("event", event.name());
                // the order key (issue #19): the outbox's seq, taken from the database's sequence in the insert,
                // so one grant's events carry increasing values whichever node wrote them; a consumer that
                // reads the queue in parallel, or through a network of brokers, can put a grant's events
                // back in order by it. A redelivery carries the same value.
                message.setLongProperty("seq", event.sequence());
                message.setJMSType(event.name());
                producer.send(message);
            }
        }
    }

    private ConnectionFactory connectionFactory() throws NamingException {
        ConnectionFactory cf = connectionFactory;
        if (cf == null) {
            connectionFactory = cf = lookup(settings.auditConnectionFactory(), ConnectionFactory.class);
        }
        return cf;
    }

    private Queue queue() throws NamingException {
        Queue q = queue;
        if (q == null) {
            queue = q = lookup(settings.auditQueue(), Queue.class);
        }
        return q;
    }

    private static <T> T lookup(String jndiName, Class<T> type) throws NamingException {
        return type.cast(new InitialContext().lookup(jndiName));
    }
}
