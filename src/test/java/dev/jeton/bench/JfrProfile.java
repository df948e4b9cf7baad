package dev.jeton.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the server's CPU went, from a JFR recording ({@code bench.sh suite --jfr}, or any file:
 * {@code java -cp ... dev.jeton.bench.JfrProfile FILE}). Issue #13 asks for this breakdown before and
 * after each change.
 * <p>
 * Each execution sample (a Java thread on CPU) goes to one owner: walking its stack from the top
 * frame down, the first frame of a known library (the JDK's EC code counts as the signature; plain
 * {@code java.util}, {@code java.lang} frames are skipped, they belong to their caller). So the
 * table is self time by owner, and sums to 100%. Beside it, inclusive shares (the stack contains
 * the frame anywhere) for the steps that spread over many owners, and the CPU the JVM's own
 * threads (JIT compilers, GC) used, which execution samples do not see.
 */
public final class JfrProfile {

    /** Owners by package prefix, in the order they are tried on each frame. */
    private static final List<String[]> OWNERS = List.of(
            new String[]{"EC/RSA outside a JWS (JDK)", "sun.security.ec", "sun.security.util.math",
                    "sun.security.rsa", "java.math.", "sun.security.jca", "java.security.Signature"},
            new String[]{"SHA-256/HMAC (JDK)", "sun.security.provider", "com.sun.crypto.provider"},
            new String[]{"Nimbus JOSE + JSON", "com.nimbusds"},
            new String[]{"H2 database", "org.h2"},
            new String[]{"Hibernate", "org.hibernate"},
            new String[]{"JTA (Payara transactions)", "com.sun.enterprise.transaction", "com.sun.jts",
                    "org.glassfish.transaction", "fish.payara.transaction", "org.glassfish.cdi.transaction",
                    "jakarta.transaction"},
            new String[]{"JDBC pool / connectors", "com.sun.enterprise.resource", "com.sun.gjc",
                    "com.sun.enterprise.connectors", "org.glassfish.resourcebase", "com.sun.appserv.connectors",
                    "com.sun.enterprise.container.common"},
            new String[]{"ActiveMQ (broker, RA, relay)", "org.apache.activemq", "org.fusesource"},
            new String[]{"Weld CDI", "org.jboss.weld", "org.glassfish.weld", "jakarta.enterprise"},
            new String[]{"Metrics", "fish.payara.microprofile.metrics", "io.smallrye.metrics"},
            new String[]{"JSON-P", "org.eclipse.parsson", "org.glassfish.json"},
            new String[]{"Jersey (JAX-RS)", "org.glassfish.jersey", "org.jvnet.hk2", "org.glassfish.hk2"},
            new String[]{"Grizzly (HTTP)", "org.glassfish.grizzly"},
            new String[]{"Servlet container", "org.apache.catalina", "org.apache.coyote", "com.sun.enterprise.web",
                    "org.glassfish.web", "org.apache.tomcat"},
            new String[]{"Jeton", "dev.jeton"},
            new String[]{"Payara other", "fish.payara", "com.sun.enterprise", "org.glassfish", "com.sun.ejb",
                    "com.hazelcast"},
            new String[]{"Logging", "java.util.logging"},
            new String[]{"Socket and file I/O (JDK)", "sun.nio", "java.nio.channels", "java.io.File",
                    "java.net.Socket", "sun.net"},
            new String[]{"Reflection, proxies (JDK)", "jdk.internal.reflect", "java.lang.reflect",
                    "java.lang.invoke", "jdk.proxy"});

    /** Inclusive markers: a sample counts when any frame's "class.method" starts with one of them. */
    private static final List<String[]> STEPS = List.of(
            new String[]{"access token signature (ECDSASigner.sign)", "com.nimbusds.jose.crypto.ECDSASigner.sign"},
            new String[]{"JWS verification (ECDSAVerifier.verify)", "com.nimbusds.jose.crypto.ECDSAVerifier.verify"},
            new String[]{"token request, resource to response (TokenResource.token)", "dev.jeton.web.TokenResource.token"},
            new String[]{"the request's transaction (AuditedTransaction.commit)",
                    "dev.jeton.web.AuditedTransaction.commit"},
            new String[]{"core (TokenEndpoint.process)", "dev.jeton.token.TokenEndpoint.process"},
            new String[]{"client authentication (ClientAuthenticationGate.authenticate)",
                    "dev.jeton.throttle.ClientAuthenticationGate.authenticate"},
            new String[]{"client read (JpaClientStore.find)", "dev.jeton.persistence.JpaClientStore.find"},
            new String[]{"throttle store (JdbcThrottleStore)", "dev.jeton.persistence.JdbcThrottleStore."},
            new String[]{"outbox append (JpaAuditOutbox.append)", "dev.jeton.audit.outbox.JpaAuditOutbox.append"},
            new String[]{"audit group commit (AuditGroupCommit)", "dev.jeton.audit.outbox.AuditGroupCommit"},
            new String[]{"JTA commit", "com.sun.enterprise.transaction.JavaEETransactionManagerSimplified.commit",
                    "com.sun.enterprise.transaction.JavaEETransactionImpl.commit"},
            new String[]{"JTA begin", "com.sun.enterprise.transaction.JavaEETransactionManagerSimplified.begin"},
            new String[]{"@Transactional interceptors", "org.glassfish.cdi.transaction.TransactionalInterceptor",
                    "fish.payara.transaction.cdi"},
            new String[]{"connection from the pool", "com.sun.gjc.spi.base.AbstractDataSource.getConnection",
                    "com.sun.enterprise.resource.pool.PoolManagerImpl.getResource"},
            new String[]{"Hibernate session open/close", "org.hibernate.internal.SessionFactoryImpl.openSession",
                    "org.hibernate.internal.SessionImpl.close", "org.hibernate.internal.SessionImpl.<init>"},
            new String[]{"Hibernate flush", "org.hibernate.internal.SessionImpl.doFlush",
                    "org.hibernate.internal.SessionImpl.flush", "org.hibernate.event.internal.DefaultFlushEventListener"},
            new String[]{"CDI event fire", "org.jboss.weld.event.EventImpl.fire"},
            new String[]{"audit relay thread work (AuditRelay)", "dev.jeton.audit.outbox.AuditRelay."},
            new String[]{"JMS send (JmsAuditSender.send)", "dev.jeton.audit.outbox.JmsAuditSender.send"},
            new String[]{"JSON response (OAuthResponses)", "dev.jeton.web.OAuthResponses"},
            new String[]{"request form read (ClientRequestForm.read)", "dev.jeton.web.ClientRequestForm.read"},
            new String[]{"metrics (JetonMetrics)", "dev.jeton.metrics."},
            new String[]{"H2 commit", "org.h2.engine.SessionLocal.commit", "org.h2.jdbc.JdbcConnection.commit"},
            new String[]{"Jersey request handling", "org.glassfish.jersey.server.ServerRuntime.process"},
            new String[]{"Grizzly (all below the HTTP worker)", "org.glassfish.grizzly."});

    private JfrProfile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: JfrProfile RECORDING.jfr");
            System.exit(2);
        }
        System.out.println(summary(Path.of(args[0])));
    }

    /** The breakdown as markdown. */
    static String summary(Path recording) throws IOException {
        Map<String, Long> owners = new LinkedHashMap<>();
        Map<String, Long> steps = new LinkedHashMap<>();
        Map<String, Long> threads = new LinkedHashMap<>();
        Map<String, Long> topFrames = new LinkedHashMap<>();
        Map<String, double[]> threadCpu = new LinkedHashMap<>();
        double[] jvmCpu = new double[2];
        long samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                if (type.equals("jdk.ExecutionSample")) {
                    RecordedStackTrace stack = e.getStackTrace();
                    if (stack == null) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = stack.getFrames();
                    owners.merge(owner(frames), 1L, Long::sum);
                    for (String[] step : STEPS) {
                        if (contains(frames, step)) {
                            steps.merge(step[0], 1L, Long::sum);
                        }
                    }
                    RecordedThread t = e.getThread("sampledThread");
                    threads.merge(threadGroup(t == null ? "?" : t.getJavaName()), 1L, Long::sum);
                    if (!frames.isEmpty()) {
                        topFrames.merge(name(frames.get(0)), 1L, Long::sum);
                    }
                } else if (type.equals("jdk.ThreadCPULoad")) {
                    RecordedThread t = e.getThread("eventThread");
                    String name = t == null ? "?" : (t.getJavaName() != null ? t.getJavaName() : t.getOSName());
                    double[] sum = threadCpu.computeIfAbsent(threadGroup(name), k -> new double[2]);
                    sum[0] += e.getFloat("user") + e.getFloat("system");
                    sum[1]++;
                } else if (type.equals("jdk.CPULoad")) {
                    jvmCpu[0] += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                    jvmCpu[1]++;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "JFR profile %s: %,d execution samples (Java threads on CPU)%n%n",
                recording.getFileName(), samples));
        table(out, "self time by owner (sums to 100%)", owners, samples, 0);
        table(out, "inclusive: samples whose stack contains the step", steps, samples, 0);
        table(out, "samples by thread", threads, samples, 0);
        table(out, "top frames (self)", topFrames, samples, 25);
        if (!threadCpu.isEmpty()) {
            out.append("| thread group (jdk.ThreadCPULoad, JIT and GC included) | mean share of the machine |\n"
                    + "|---|---|\n");
            threadCpu.entrySet().stream()
                    .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> x) -> -x.getValue()[0]))
                    .forEach(x -> out.append(String.format(Locale.ROOT, "| %s | %.1f%% |%n", x.getKey(),
                            100 * x.getValue()[0] / Math.max(1, jvmCpu[1]))));
            out.append(String.format(Locale.ROOT, "| (the JVM in all, jdk.CPULoad) | %.1f%% |%n%n",
                    100 * jvmCpu[0] / Math.max(1, jvmCpu[1])));
        }
        return out.toString();
    }

    private static void table(StringBuilder out, String title, Map<String, Long> counts, long total, int limit) {
        out.append("| ").append(title).append(" | samples | share |\n|---|---|---|\n");
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        if (limit > 0 && rows.size() > limit) {
            rows = rows.subList(0, limit);
        }
        for (Map.Entry<String, Long> row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %,d | %.1f%% |%n", row.getKey(), row.getValue(),
                    100.0 * row.getValue() / Math.max(1, total)));
        }
        out.append('\n');
    }

    static String owner(List<RecordedFrame> frames) {
        // a JOSE signature or verification is one owner, whatever JDK code (hashes, DRBG) runs inside it
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith("com.nimbusds.jose.crypto.ECDSASigner.sign")
                    || name.startsWith("com.nimbusds.jose.crypto.RSASSASigner.sign")) {
                return "JWS signature (Nimbus + JDK)";
            }
            if (name.startsWith("com.nimbusds.jose.crypto.ECDSAVerifier.verify")
                    || name.startsWith("com.nimbusds.jose.crypto.RSASSAVerifier.verify")) {
                return "JWS verification (Nimbus + JDK)";
            }
        }
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] owner : OWNERS) {
                for (int i = 1; i < owner.length; i++) {
                    if (type.startsWith(owner[i])) {
                        return owner[0];
                    }
                }
            }
        }
        return "JDK (java.util, java.lang, ... with no library below)";
    }

    private static boolean contains(List<RecordedFrame> frames, String[] step) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            for (int i = 1; i < step.length; i++) {
                if (name.startsWith(step[i])) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** Thread names without their numbers: the pool, not the thread. */
    static String threadGroup(String name) {
        if (name == null) {
            return "?";
        }
        return name.replaceAll("[-#( ]*\\d+\\)?", "").trim();
    }
}
