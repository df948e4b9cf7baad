package dev.jeton.tools;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** audit.sh's Java side against a real ActiveMQ broker over TCP (OpenWire), in this JVM. */
class AuditTailTest {

    private BrokerService broker;
    private String url;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startBroker() throws Exception {
        broker = new BrokerService();
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setBrokerName("audit-tail-test");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        url = "tcp://127.0.0.1:" + port;
        broker.addConnector(url);
        broker.start();
        broker.waitUntilStarted();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }

    private void send(String... bodies) throws Exception {
        sendAs("token_issued", bodies);
    }

    private void sendAs(String event, String... bodies) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue("jeton.audit"));
            for (String body : bodies) {
                TextMessage m = s.createTextMessage(body);
                m.setStringProperty("event", event);
                p.send(m);
            }
        }
    }

    private List<String> received() throws Exception {
        List<String> bodies = new ArrayList<>();
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue("jeton.audit"));
            TextMessage m;
            while ((m = (TextMessage) consumer.receive(1000)) != null) {
                bodies.add(m.getText());
            }
        }
        return bodies;
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new AuditTail(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private List<String> lines() {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static String event(int i) {
        return "{\"event_id\":\"id-" + i + "\",\"event\":\"token_issued\",\"outcome\":\"success\",\"client_id\":\"c\"}";
    }

    @Test
    void tailPrintsEveryEventAsOneJsonLineAndLeavesThemOnTheQueue() throws Exception {
        send(event(1), event(2), event(3));

        assertEquals(0, run("tail", "--broker-url", url));
        assertEquals(List.of(event(1), event(2), event(3)), lines(), "oldest first, as sent");
        for (String line : lines()) {
            assertEquals("token_issued", Json.createReader(new StringReader(line)).readObject().getString("event"));
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("3 events on jeton.audit"));

        assertEquals(0, run("tail", "--broker-url", url), "a second look sees the same events");
        assertEquals(3, lines().size());
        assertEquals(List.of(event(1), event(2), event(3)), received(), "nothing was consumed");
    }

    @Test
    void drainTakesTheEventsOffTheQueueAfterPrintingThem() throws Exception {
        send(event(1), event(2), event(3));

        assertEquals(0, run("drain", "--broker-url", url, "--wait", "1"));
        assertEquals(List.of(event(1), event(2), event(3)), lines());
        assertEquals(List.of(), received(), "consumed");
    }

    @Test
    void tailWithConsumeIsDrainAndMaxStopsEarly() throws Exception {
        send(event(1), event(2), event(3));

        assertEquals(0, run("tail", "--consume", "--max", "2", "--broker-url", url));
        assertEquals(List.of(event(1), event(2)), lines());
        assertEquals(List.of(event(3)), received(), "only the printed ones were taken");
    }

    @Test
    void aSelectorPicksEventsByTheirMessageProperties() throws Exception {
        sendAs("token_issued", event(1));
        sendAs("token_denied", "{\"event\":\"token_denied\"}");
        sendAs("token_issued", event(2));

        assertEquals(0, run("tail", "--selector", "event = 'token_denied'", "--broker-url", url));
        assertEquals(List.of("{\"event\":\"token_denied\"}"), lines());
        assertEquals(0, run("drain", "--selector", "event = 'token_issued'", "--wait", "1", "--broker-url", url));
        assertEquals(List.of(event(1), event(2)), lines());
        assertEquals(List.of("{\"event\":\"token_denied\"}"), received(), "the others stay");
    }

    @Test
    void aBadSelectorIsExitStatusOneWithAMessage() throws Exception {
        assertEquals(1, run("tail", "--selector", "event = = 'x'", "--broker-url", url));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("audit.sh: the broker at "),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLineBreakFromAForeignProducerDoesNotSplitAnEvent() throws Exception {
        send("{\"event\":\n\"token_issued\"}");
        assertEquals(0, run("tail", "--broker-url", url));
        assertEquals(List.of("{\"event\": \"token_issued\"}"), lines());
    }

    @Test
    void anUnreachableBrokerIsExitStatusOneWithAMessage() throws Exception {
        int closed;
        try (ServerSocket free = new ServerSocket(0)) {
            closed = free.getLocalPort();
        }
        assertEquals(1, run("tail", "--broker-url", "tcp://127.0.0.1:" + closed));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("audit.sh: the broker at tcp://127.0.0.1:" + closed + " failed: "), message);
        assertFalse(message.contains("\tat "), "no stack trace");
        assertEquals(List.of(), lines());
    }

    @Test
    void badUsageIsExitStatusTwo() {
        assertEquals(2, run());
        assertEquals(2, run("follow"));
        assertEquals(2, run("tail", "--max", "0"));
        assertEquals(2, run("tail", "--max"));
        assertEquals(2, run("tail", "--bogus"));
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: audit.sh tail"));
    }

    @Test
    void theBrokerComesFromTheEnvironmentLikeRunShSaysIt() {
        AuditTail tail = new AuditTail(Map.of("JETON_BROKER_PORT", "61999"), System.out, System.err);
        assertEquals("tcp://127.0.0.1:61999", tail.parse(new String[]{"tail"}).brokerUrl());
        tail = new AuditTail(Map.of("JETON_BROKER_URL", "tcp://mq.internal:61616", "JETON_BROKER_PORT", "1"),
                System.out, System.err);
        assertEquals("tcp://mq.internal:61616", tail.parse(new String[]{"drain"}).brokerUrl());
        assertTrue(tail.parse(new String[]{"drain"}).consume());
        assertEquals("tcp://127.0.0.1:61616", new AuditTail(Map.of(), System.out, System.err)
                .parse(new String[]{"tail"}).brokerUrl());
    }
}
