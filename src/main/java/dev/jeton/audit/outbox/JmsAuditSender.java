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
 * The send does not join the relay's database transaction: a two-resource commit (broker and database)
 * is only atomic across a crash if the transaction manager's log survives and is recovered, and a
 * kill between the database's commit and the broker's would leave the events deleted from the
 * outbox but only prepared, never delivered, on the broker. So the batch goes to the broker in a
 * transaction of its own, with the broker as its one resource (a one-phase commit), that has
 * committed - the broker has stored every message of the batch - before {@link #send} returns; only
 * then does the relay delete the rows. A crash in between sends them again (at-least-once; consumers
 * deduplicate by event_id). One broker commit per batch rather than one synchronous store per message
 * is most of the broker's CPU per token (issue #13: a profile under client_credentials load).
 * Each message carries the string properties {@code event_id} and {@code event} and the long property
 * {@code seq}, the order key (docs/scaling.md).
 */
@ApplicationScoped
public class JmsAuditSender {

    @Inject
    JetonSettings settings;

    private volatile ConnectionFactory connectionFactory;
    private volatile Queue queue;

    /**
     * Sends the events in order, in one broker transaction that has committed when this returns; any failure
     * (a commit the broker refused included) is thrown, so the caller's transaction rolls back.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void send(List<PendingAuditEvent> events) throws JMSException, NamingException {
        try (Connection connection = connectionFactory().createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(queue());
            // part of this method's JTA transaction whatever the arguments say (JMS 2.0 §12.3): stored at its commit
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
