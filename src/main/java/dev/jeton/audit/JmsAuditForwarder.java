package dev.jeton.audit;

import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Forwards every audit event to the JMS queue as JSON. The connection factory and queue are
 * looked up by the JNDI names in configuration ({@code jeton.audit.*}), so the operator decides
 * which broker and queue. Uses Connection/Session rather than JMSContext because the ActiveMQ
 * resource adapter offers no JMS 2.0 simplified API.
 */
@ApplicationScoped
public class JmsAuditForwarder {

    private static final Logger LOG = Logger.getLogger(JmsAuditForwarder.class.getName());

    @Inject
    JetonSettings settings;

    private volatile ConnectionFactory connectionFactory;
    private volatile Queue queue;

    void forward(@Observes AuditEvent event) {
        String json = AuditEventJson.write(event);
        try {
            send(event, json);
        } catch (JMSException | NamingException | RuntimeException e) {
            // The event is not lost from the record: it is written to the log (it holds no secret).
            LOG.log(Level.WARNING, "audit event " + event.id() + " could not be sent to the queue ("
                    + e.getClass().getSimpleName() + "); event: " + json);
        }
    }

    private void send(AuditEvent event, String json) throws JMSException, NamingException {
        try (Connection connection = connectionFactory().createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(queue());
            TextMessage message = session.createTextMessage(json);
            // consumers deduplicate at-least-once delivery by this id
            message.setStringProperty("event_id", event.id());
            message.setStringProperty("event", event.name().wireValue());
            message.setJMSType(event.name().wireValue());
            producer.send(message);
        }
    }

    private ConnectionFactory connectionFactory() throws NamingException {
        ConnectionFactory cf = connectionFactory;
        if (cf == null) {
            cf = (ConnectionFactory) new InitialContext().lookup(settings.auditConnectionFactory());
            connectionFactory = cf;
        }
        return cf;
    }

    private Queue queue() throws NamingException {
        Queue q = queue;
        if (q == null) {
            q = (Queue) new InitialContext().lookup(settings.auditQueue());
            queue = q;
        }
        return q;
    }
}
