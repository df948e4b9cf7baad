package dev.jeton.authorize;

import dev.jeton.authorize.signin.IdentityStoreMode;
import dev.jeton.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CSRF tokens, prompt parsing, claims requests, scope descriptions, the identity store switch. */
class SmallPartsTest {

    @Test
    void csrfTokensFollowTheBrowserCookieAreNotItAndAreComparedExactly() {
        String cookie = "k".repeat(43);
        String token = CsrfToken.forBrowser(cookie);
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"));
        assertEquals(token, CsrfToken.forBrowser(cookie), "every node derives the same token");
        assertNotEquals(token, CsrfToken.forBrowser("j".repeat(43)), "a renewed cookie, a new token");
        assertNotEquals(dev.jeton.vocabulary.TokenHashes.sha256(cookie), token, "not the stored hash of the cookie");
        assertTrue(CsrfToken.matches(token, new String(token)));
        assertFalse(CsrfToken.matches(token, token.substring(1)));
        assertFalse(CsrfToken.matches(token, token + "x"));
        assertFalse(CsrfToken.matches(token, null));
        assertFalse(CsrfToken.matches(null, token));
        assertFalse(CsrfToken.matches(token, ""));
    }

    @Test
    void promptListsParse() {
        assertEquals(Optional.of(Set.of(Prompt.LOGIN, Prompt.CONSENT)), Prompt.parseList("login consent"));
        assertEquals(Optional.of(Set.of(Prompt.LOGIN)), Prompt.parseList("login login"));
        assertEquals(Optional.empty(), Prompt.parseList("none consent"));
        assertEquals(Optional.empty(), Prompt.parseList("Login"));
        assertEquals(Optional.empty(), Prompt.parseList(" "));
    }

    @Test
    void claimsRequestsAreNormalisedJsonObjects() {
        assertEquals(Optional.of("{\"id_token\":{\"auth_time\":{\"essential\":true}}}"),
                ClaimsRequest.normalize(" { \"id_token\" : { \"auth_time\" : { \"essential\" : true } } } ", 1000));
        assertEquals(Optional.of("{}"), ClaimsRequest.normalize("{}", 1000));
        assertEquals(Optional.empty(), ClaimsRequest.normalize("{} {}", 1000));
        assertEquals(Optional.empty(), ClaimsRequest.normalize("{\"userinfo\":\"x\"}", 1000));
        assertEquals(Optional.empty(), ClaimsRequest.normalize("{\"a\":\"" + "x".repeat(100) + "\"}", 50));
    }

    @Test
    void scopesAreDescribedBuiltInConfiguredOrByName() {
        ScopeDescriptions descriptions = new ScopeDescriptions(name -> Optional.ofNullable(Map.of(
                "jeton.scopes.description.api.read", "Read your orders",
                "jeton.scopes.description.email", "  ").get(name)));
        assertEquals("Read your orders", descriptions.describe("api.read"));
        assertTrue(descriptions.describe("email").contains("email address"), "a blank property is ignored");
        assertTrue(descriptions.describe("offline_access").contains("not using"));
        assertTrue(descriptions.describe("api.write").contains("api.write"));
    }

    @Test
    void theIdentityStoreSwitchDefaultsToTheDatabase() {
        assertEquals(IdentityStoreMode.DATABASE, IdentityStoreMode.parse(Optional.empty()));
        assertEquals(IdentityStoreMode.DATABASE, IdentityStoreMode.parse(Optional.of(" ")));
        assertEquals(IdentityStoreMode.NONE, IdentityStoreMode.parse(Optional.of("None")));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> IdentityStoreMode.parse(Optional.of("ldap")));
        assertTrue(e.getMessage().contains(IdentityStoreMode.PROPERTY));
    }
}
