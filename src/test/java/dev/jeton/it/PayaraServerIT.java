package dev.jeton.it;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Server with the embedded broker and H2: the steps of server-config/README.md that
 * {@link PayaraServerScenario} describes. 66 s in a quiet CI run (68 to 136 s on a busy 2-core
 * machine); it and PayaraServerPostgreSqlIT run in every {@code mvn verify}.
 */
class PayaraServerIT extends PayaraServerScenario {

    @Override
    List<String> steps() {
        return List.of("secrets", "server-domain", "server-broker-embedded", "server-resource-adapter", "server-h2",
                "server-deploy");
    }

    @Override
    void prepare(Map<String, String> settings) {
        // the embedded broker is the server's; nothing to start here
    }

    @Test
    void theSecretsAreNotInTheDomainConfiguration() throws Exception {
        // the command files carry no secret; the domain's configuration must not have picked one up
        String domainXml = Files.readString(domainDir().resolve("config/domain.xml"));
        for (String name : List.of("keystore-password", "demo-client-secret", "demo-user-password")) {
            assertTrue(!domainXml.contains(secret(name)), name + " is in domain.xml");
        }
        // the adapter's configuration keeps the reference; the server resolved it when the broker started
        // (the audit event above came over that port)
        assertTrue(domainXml.contains("127.0.0.1:${jeton.broker.port}"), "BrokerXmlConfig as the command file says");
    }
}
