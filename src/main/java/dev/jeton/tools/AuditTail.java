package dev.jeton.tools;

import dev.jeton.lifecycle.RootCause;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.ActiveMQConnectionFactory;

import java.io.PrintStream;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's view of the audit trail (server-config/audit.sh): prints the events on the
 * audit queue as JSON lines, one event per line, exactly as Jeton sent them. By default it only
 * browses the queue (a JMS {@link QueueBrowser}): the events stay for the consumers they are
 * meant for. {@code --consume} takes them off, acknowledging each one only after it was printed.
 * <pre>
 * java -cp 'target/classes:target/runtime/audit-tool/*' dev.jeton.tools.AuditTail tail --broker-url tcp://127.0.0.1:61616
 * </pre>
 * It speaks OpenWire (ActiveMQ's protocol), the broker of run.sh and of the resource adapter.
 * The broker password comes from an environment variable only, never the command line.
 */
public final class AuditTail {

    static final String USAGE = """
            usage: audit.sh tail  [--follow] [--consume] [--max N] [--wait SECONDS] [--selector EXPR] [--broker-url URL]
                                  [--queue NAME]
                   audit.sh drain [--follow] [--max N] [--wait SECONDS] [--selector EXPR] [--broker-url URL] [--queue NAME]
              tail       print the events on the queue, oldest first, one JSON object per line, and leave them there
              drain      the same, and take each event off the queue once printed (tail --consume)
              --follow   keep printing new events until interrupted
              --max N    stop after N events
              --wait S   with --consume: stop when no event came for S seconds (default 2)
              --selector EXPR    only events matching a JMS selector on the message properties event_id and event,
                                 e.g. "event = 'token_denied'"
              --broker-url URL   default $JETON_BROKER_URL, else tcp://127.0.0.1:$JETON_BROKER_PORT (61616)
              --queue NAME       default jeton.audit
            A broker with authentication: $JETON_BROKER_USER and $JETON_BROKER_PASSWORD.
            Browsing shows what the broker lets a browser see: ActiveMQ pages at most 400 messages
            (maxBrowsePageSize) to a browser; drain sees every one.""";

    static final String DEFAULT_QUEUE = "jeton.audit";
    /** Browsing again while following: how often, and how many message ids are remembered as printed. */
    private static final long FOLLOW_INTERVAL_MILLIS = 1000;
    private static final int REMEMBERED_IDS = 100_000;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private volatile boolean stopped;

    AuditTail(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        AuditTail tail = new AuditTail(System.getenv(), System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(tail::stop));
        System.exit(tail.run(args));
    }

    void stop() {
        stopped = true;
    }

    /** Options after the command; null (and a message) when they are wrong. */
    record Options(boolean consume, boolean follow, long max, long waitMillis, String brokerUrl, String queue,
                   String selector) {
    }

    /** Runs one command; the exit status: 0 done, 1 the broker failed, 2 bad usage. */
    int run(String... args) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Options options = parse(args);
        if (options == null) {
            err.println(USAGE);
            return 2;
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(options.brokerUrl());
        String user = env.get("JETON_BROKER_USER");
        if (user != null && !user.isEmpty()) {
            factory.setUserName(user);
            factory.setPassword(env.getOrDefault("JETON_BROKER_PASSWORD", ""));
        }
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, options.consume()
                    ? Session.CLIENT_ACKNOWLEDGE : Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(options.queue());
            long printed = options.consume() ? consume(session, queue, options) : browse(session, queue, options);
            String events = printed == 1 ? " event" : " events";
            err.println("audit.sh: " + printed + events + (options.consume() ? " taken off " : " on ")
                    + options.queue() + " at " + options.brokerUrl());
            return 0;
        } catch (JMSException e) {
            err.println("audit.sh: the broker at " + options.brokerUrl() + " failed: " + RootCause.summary(e));
            return 1;
        }
    }

    Options parse(String[] args) {
        String command = args[0];
        boolean consume;
        if (command.equals("tail")) {
            consume = false;
        } else if (command.equals("drain")) {
            consume = true;
        } else {
            err.println("audit.sh: unknown command " + command);
            return null;
        }
        boolean follow = false;
        long max = Long.MAX_VALUE;
        long waitMillis = 2000;
        String url = env.get("JETON_BROKER_URL");
        if (url == null || url.isEmpty()) {
            url = "tcp://127.0.0.1:" + env.getOrDefault("JETON_BROKER_PORT", "61616");
        }
        String queue = DEFAULT_QUEUE;
        String selector = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--consume" -> consume = true;
                    case "--follow", "-f" -> follow = true;
                    case "--max" -> max = positive(args[++i]);
                    case "--wait" -> waitMillis = positive(args[++i]) * 1000;
                    case "--broker-url" -> url = args[++i];
                    case "--queue" -> queue = args[++i];
                    case "--selector" -> selector = args[++i];
                    default -> {
                        err.println("audit.sh: unknown option " + args[i]);
                        return null;
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            err.println("audit.sh: " + args[args.length - 1] + " needs a value");
            return null;
        } catch (NumberFormatException e) {
            err.println("audit.sh: " + e.getMessage());
            return null;
        }
        return new Options(consume, follow, max, waitMillis, url, queue, selector);
    }

    private static long positive(String value) {
        long n = Long.parseLong(value);
        if (n <= 0) {
            throw new NumberFormatException("a positive number is needed, got " + value);
        }
        return n;
    }

    /** Prints what a browser sees; with --follow browses again every second, printing only what is new. */
    private long browse(Session session, Queue queue, Options options) throws JMSException {
        Map<String, Boolean> printedIds = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED_IDS;
            }
        };
        long printed = 0;
        do {
            try (QueueBrowser browser = session.createBrowser(queue, options.selector())) {
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements() && printed < options.max() && !stopped) {
                    Message message = (Message) messages.nextElement();
                    if (printedIds.put(message.getJMSMessageID(), Boolean.TRUE) == null && print(message)) {
                        printed++;
                    }
                }
            }
            if (options.follow() && printed < options.max() && !stopped) {
                pause();
            }
        } while (options.follow() && printed < options.max() && !stopped);
        return printed;
    }

    /** Takes events off the queue, each acknowledged only once it is printed (a crash prints it again). */
    private long consume(Session session, Queue queue, Options options) throws JMSException {
        long printed = 0;
        try (MessageConsumer consumer = session.createConsumer(queue, options.selector())) {
            while (printed < options.max() && !stopped) {
                Message message = consumer.receive(options.follow() ? FOLLOW_INTERVAL_MILLIS : options.waitMillis());
                if (message == null) {
                    if (options.follow()) {
                        continue;
                    }
                    break;
                }
                if (print(message)) {
                    printed++;
                }
                message.acknowledge();
            }
        }
        return printed;
    }

    /**
     * One event, one line. Jeton writes compact JSON (JSON-P escapes line breaks inside strings), so a
     * line break can only be a foreign producer's: it is replaced by a space, which JSON allows
     * between tokens and forbids inside strings.
     */
    private boolean print(Message message) throws JMSException {
        if (message instanceof TextMessage text && text.getText() != null) {
            out.println(text.getText().replace('\r', ' ').replace('\n', ' '));
            out.flush();
            return true;
        }
        err.println("audit.sh: skipped a message that is not text: " + message.getJMSMessageID());
        return false;
    }

    private void pause() {
        try {
            Thread.sleep(FOLLOW_INTERVAL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
