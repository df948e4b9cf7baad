package dev.jeton.it;

import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Server with an external broker and PostgreSQL: the other steps of server-config/README.md that
 * {@link PayaraServerScenario} describes. The external broker is an ActiveMQ broker in this test's JVM;
 * PostgreSQL is the machine's (127.0.0.1:5432, trust authentication, as for ResilienceIT; the test makes
 * and drops its own database; without PostgreSQL the class is skipped, under CI it fails).
 */
class PayaraServerPostgreSqlIT extends PayaraServerScenario {

    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    BrokerService broker;
    String database;

    @Override
    List<String> steps() {
        return List.of("secrets", "server-domain", "server-broker-external", "server-resource-adapter",
                "server-postgresql", "server-deploy");
    }

    @Override
    void prepare(Map<String, String> settings) throws Exception {
        MachinePostgres.requireFor(PayaraServerPostgreSqlIT.class);
        database = "jeton_server_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        broker = new BrokerService();
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setBrokerName("payara-server-it-external");
        broker.addConnector("tcp://127.0.0.1:" + brokerPort);
        broker.start();
        broker.waitUntilStarted();
        settings.put("JETON_BROKER_HOST", "127.0.0.1");
        // a broker without authentication: any user and password
        settings.put("JETON_BROKER_USER", "jeton");
        settings.put("JETON_BROKER_PASSWORD", "unused");
        settings.put("JETON_DB_HOST", "127.0.0.1");
        settings.put("JETON_DB_NAME", database);
        settings.put("JETON_DB_USER", "postgres");
        settings.put("JETON_DB_PASSWORD", "unused-with-trust-authentication");
    }

    @Override
    void release() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
            broker = null;
        }
        if (database != null) {
            try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
            database = null;
        }
    }

    @Test
    void thePasswordsStayEnvironmentReferencesInTheDomainConfiguration() throws Exception {
        String domainXml = java.nio.file.Files.readString(domainDir().resolve("config/domain.xml"));
        assertTrue(domainXml.contains("value=\"${ENV=JETON_DB_PASSWORD}\""), "the pool's password property");
        assertTrue(domainXml.contains("value=\"${ENV=JETON_BROKER_PASSWORD}\""), "the adapter's Password property");
        assertTrue(!domainXml.contains(settings.get("JETON_DB_PASSWORD")), "no database password in domain.xml");
    }

    @Test
    void jetonsTablesAreInThePostgreSqlDatabase() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             var tables = c.getMetaData().getTables(null, "public", "%", new String[]{"TABLE"})) {
            assertTrue(tables.next(), "Jeton's tables are in " + database);
        }
    }
}
