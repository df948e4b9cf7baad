package dev.jeton.client.registration;

import dev.jeton.config.SettingsReader;
import dev.jeton.user.UserTestSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 7591 §2: what a client that registers without {@code scope} may ask for. */
class RegistrationDefaultsTest {

    private static Set<String> defaults(Map<String, String> config) {
        return RegistrationDefaults.scopes(new SettingsReader(name -> Optional.ofNullable(config.get(name))),
                UserTestSettings.with(config));
    }

    @Test
    void anOpenIdRelyingPartyThatNamesNoScopeMayAskForOpenid() {
        assertEquals(Set.of("openid"), defaults(Map.of()));
    }

    @Test
    void theOperatorsRegistrationDefaultsComeFirstThenTheServersDefaultScopes() {
        assertEquals(Set.of("openid", "profile"), defaults(Map.of("jeton.registration.default-scopes", "openid profile",
                "jeton.scopes.default", "api.read")));
        assertEquals(Set.of("api.read"), defaults(Map.of("jeton.scopes.default", "api.read")));
    }

    @Test
    void neverMoreThanTheServerAllowsAnyClient() {
        assertEquals(Set.of("openid"), defaults(Map.of("jeton.registration.default-scopes", "openid admin",
                "jeton.scopes.allowed", "openid profile")));
        assertEquals(Set.of(), defaults(Map.of("jeton.scopes.allowed", "api.read")));
    }
}
