package dev.jeton.user;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Creates a demo user for trying Jeton out, in the dev profile only: the username comes from
 * {@code jeton.dev.demo-user}, the password from the environment (never from a properties file,
 * which gets committed). Nothing happens in production, whatever is configured.
 */
@ApplicationScoped
public class DevUserSeed {

    public static final String DEMO_USER = "jeton.dev.demo-user";
    public static final String PASSWORD_VARIABLE = "JETON_DEMO_USER_PASSWORD";
    private static final Logger LOG = Logger.getLogger(DevUserSeed.class.getName());

    @Inject
    JetonSettings settings;
    @Inject
    UserStore users;
    @Inject
    @ConfigProperty(name = DEMO_USER)
    Optional<String> demoUser;
    /** The process environment; replaced in tests. */
    Function<String, String> environment = System::getenv;

    public void run() {
        Optional<String> username = demoUser.map(String::strip).filter(u -> !u.isEmpty());
        if (username.isEmpty()) {
            return;
        }
        if (settings.profile() != JetonSettings.Profile.DEV) {
            LOG.warning(DEMO_USER + " is ignored outside the dev profile");
            return;
        }
        String password = environment.apply(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            LOG.warning(DEMO_USER + " is set but " + PASSWORD_VARIABLE + " is not: no demo user");
            return;
        }
        if (users.findByUsername(username.get()).isPresent()) {
            LOG.info("Demo user '" + username.get() + "' exists; left as it is");
            return;
        }
        try {
            users.create(username.get(), password.toCharArray(), Map.of("name", "Demo User",
                    "email", username.get() + "@example.com", "email_verified", true));
        } catch (IllegalArgumentException e) {
            if (users.findByUsername(username.get()).isPresent()) {
                // another node starting at the same time created it between the look-up above and the insert
                // (issue #19): the store refused the taken username before the database's unique key did
                LOG.info("Demo user '" + username.get() + "' created by another node at the same time; left as it is");
                return;
            }
            // the message names the rule broken (length), never the password
            throw new ConfigurationException(PASSWORD_VARIABLE + " / " + DEMO_USER + ": " + e.getMessage(), e);
        }
        LOG.info("Demo user '" + username.get() + "' created (dev profile)");
    }
}
