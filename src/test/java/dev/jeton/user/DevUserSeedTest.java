package dev.jeton.user;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo user exists only in the dev profile, and only with a password from the environment. */
class DevUserSeedTest {

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final Map<String, String> environment = new HashMap<>();

    private DevUserSeed seed(String profile, String demoUser) {
        DevUserSeed seed = new DevUserSeed();
        seed.settings = UserTestSettings.with(Map.of(JetonSettings.PROFILE, profile));
        seed.users = users;
        seed.demoUser = Optional.ofNullable(demoUser);
        seed.environment = environment::get;
        return seed;
    }

    @Test
    void devProfileCreatesTheDemoUser() {
        environment.put(DevUserSeed.PASSWORD_VARIABLE, "demo-password");

        seed("dev", "demo").run();

        UserAccount demo = users.findByUsername("demo").orElseThrow();
        assertEquals(Map.of("name", "Demo User", "email", "demo@example.com", "email_verified", true), demo.claims());
    }

    @Test
    void existingDemoUserIsLeftAlone() {
        environment.put(DevUserSeed.PASSWORD_VARIABLE, "demo-password");
        users.add(new UserAccount("sub-0", "Demo", true, Map.of("name", "Changed by hand")));

        seed("dev", "demo").run();

        assertEquals(1, users.list().size());
        assertEquals("Changed by hand", users.findByUsername("demo").orElseThrow().claims().get("name"));
    }

    @Test
    void aDemoUserAnotherNodeCreatedAfterTheLookUpIsLeftAlone() {
        environment.put(DevUserSeed.PASSWORD_VARIABLE, "demo-password");
        DevUserSeed seed = seed("dev", "demo");
        // the other node's insert lands between this node's look-up and its own insert
        seed.users = new UserStore() {
            private boolean lookedUp;

            @Override
            public Optional<UserAccount> findBySubject(String subject) {
                return users.findBySubject(subject);
            }

            @Override
            public Optional<UserAccount> findByUsername(String username) {
                if (!lookedUp) {
                    lookedUp = true;
                    return Optional.empty();
                }
                return users.findByUsername(username);
            }

            @Override
            public Optional<UserAccount> authenticate(String username, char[] password) {
                return users.authenticate(username, password);
            }

            @Override
            public UserAccount create(String username, char[] password, Map<String, Object> claims) {
                users.add(new UserAccount("sub-other-node", username, true, Map.of("name", "Other node's")));
                throw new IllegalArgumentException("username is taken: " + username);
            }

            @Override
            public boolean setPassword(String username, char[] password) {
                return users.setPassword(username, password);
            }

            @Override
            public boolean setEnabled(String username, boolean enabled) {
                return users.setEnabled(username, enabled);
            }

            @Override
            public java.util.List<UserAccount> list() {
                return users.list();
            }
        };

        seed.run();

        assertEquals("sub-other-node", users.findByUsername("demo").orElseThrow().subject());
    }

    @Test
    void productionNeverCreatesADemoUser() {
        environment.put(DevUserSeed.PASSWORD_VARIABLE, "demo-password");

        seed("production", "demo").run();

        assertTrue(users.list().isEmpty());
    }

    @Test
    void nothingWithoutAUsernameOrAPassword() {
        seed("dev", null).run();
        assertTrue(users.list().isEmpty());

        // the password never comes from configuration files, so without the variable there is no user
        seed("dev", "demo").run();
        assertFalse(users.findByUsername("demo").isPresent());
    }

    @Test
    void tooShortPasswordStopsStartWithAMessageThatDoesNotShowIt() {
        environment.put(DevUserSeed.PASSWORD_VARIABLE, "s3cr3t!");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> seed("dev", "demo").run());
        assertTrue(e.getMessage().contains(DevUserSeed.PASSWORD_VARIABLE), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t!"), e.getMessage());
    }
}
