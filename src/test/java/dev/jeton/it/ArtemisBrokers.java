package dev.jeton.it;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

import java.nio.file.Path;
import java.util.Set;

/**
 * An operator's ActiveMQ Artemis broker for WildFly's {@code jeton.broker=external} (the version
 * WildFly ships), in the test's JVM, as server-config/wildfly/README.md asks for it: a core acceptor
 * on 127.0.0.1, the anycast queue {@code jeton.audit} on the address {@code jeton.audit}, one user
 * required, and nothing auto-created, so a wrong queue name or prefix in jeton.cli fails the audit
 * relay instead of filling a queue nobody reads.
 */
final class ArtemisBrokers {

    static final String ROLE = "jeton";

    private ArtemisBrokers() {
    }

    /** A started broker on 127.0.0.1:{@code port}, its data directory (paging, large messages) {@code dir}. */
    static EmbeddedActiveMQ start(Path dir, int port, String user, String password) throws Exception {
        PayaraMicroProcess.deleteTree(dir);
        Role role = new Role();
        role.setName(ROLE);
        role.setSend(true);
        role.setConsume(true);
        role.setBrowse(true);
        AddressSettings nothingAutoCreated = new AddressSettings().setAutoCreateAddresses(false)
                .setAutoCreateQueues(false);
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setJMXManagementEnabled(false)
                .setSecurityEnabled(true)
                .addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE")
                .addQueueConfiguration(QueueConfiguration.of("jeton.audit").setAddress("jeton.audit")
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true))
                .addAddressSetting("#", nothingAutoCreated)
                .putSecurityRoles("#", Set.of(role));
        config.setBrokerInstance(dir.toFile());
        return new EmbeddedActiveMQ().setConfiguration(config).setSecurityManager(new OneUser(user, password)).start();
    }

    /** The broker's one user, in the role that may send and consume. */
    private record OneUser(String user, String password) implements ActiveMQSecurityManager {
        @Override
        public boolean validateUser(String name, String secret) {
            return user.equals(name) && password.equals(secret);
        }

        @Override
        public boolean validateUserAndRole(String name, String secret, Set<Role> roles, CheckType checkType) {
            return validateUser(name, secret)
                    && roles.stream().anyMatch(r -> ROLE.equals(r.getName()) && checkType.hasRole(r));
        }
    }
}
