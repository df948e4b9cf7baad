package dev.jeton.token;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.ResourceSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.vocabulary.ResourceIndicators;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8707 §2: which resources a request may name, decided in one place. */
class ResourcePolicyTest {

    private static final String MCP = "https://mcp.example.com/";
    private static final String TOOLS = "https://tools.example.com/v1";

    private static RegisteredClient client(ResourceAccess access) {
        return new RegisteredClient("agent", null, null, ClientAuthMethod.NONE, Set.of("authorization_code"),
                Set.of("tools.read"), List.of("https://agent.example/cb"), null, null, null, true)
                .withResources(access);
    }

    private static ResourcePolicy.Reason refused(ResourcePolicy.Decision decision) {
        ResourcePolicy.Decision.Invalid invalid = assertInstanceOf(ResourcePolicy.Decision.Invalid.class, decision);
        assertEquals(OAuthErrorCode.INVALID_TARGET, invalid.error().code(), "RFC 8707 §2: invalid_target");
        return invalid.reason();
    }

    private static List<String> granted(ResourcePolicy.Decision decision) {
        return assertInstanceOf(ResourcePolicy.Decision.Granted.class, decision).resources();
    }

    @Test
    void anAbsoluteUriWithoutFragmentIsWellFormedAndNothingElseIs() {
        assertTrue(ResourceIndicators.wellFormed(MCP));
        assertTrue(ResourceIndicators.wellFormed("urn:example:api"));
        assertTrue(ResourceIndicators.wellFormed("https://api.example.com/x?tenant=1"));
        for (String bad : List.of("", "/relative", "mcp.example.com", "https://mcp.example.com/#frag",
                "https://mcp.example.com/#", "https://a b/", "https://mcp.example.com/\n", "ht tp://x/",
                "https://" + "a".repeat(ResourceIndicators.MAX_LENGTH) + "/")) {
            assertFalse(ResourceIndicators.wellFormed(bad), bad);
        }
    }

    @Test
    void repeatedValuesCountOnceAndTooManyAreRefused() {
        assertEquals(List.of(MCP, TOOLS), ResourceIndicators.parse(List.of(MCP, TOOLS, MCP)).orElseThrow());
        assertTrue(ResourceIndicators.parse(Collections.nCopies(ResourceIndicators.MAX_COUNT + 1, MCP)).isEmpty());
        assertTrue(ResourceIndicators.parse(List.of(MCP, "not a uri")).isEmpty());
    }

    @Test
    void aClientGetsOnlyTheResourcesItIsRegisteredFor() {
        ResourcePolicy policy = new ResourcePolicy(ResourceSettings.NONE);
        RegisteredClient agent = client(new ResourceAccess(List.of(MCP), false));
        assertEquals(List.of(MCP), granted(policy.decide(List.of(MCP), agent)));
        assertEquals(List.of(), granted(policy.decide(List.of(), agent)), "none asked: the default audience");
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_ALLOWED, refused(policy.decide(List.of(TOOLS), agent)));
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_ALLOWED,
                refused(policy.decide(List.of(MCP + "sub"), agent)), "exact match unless prefix matching");
        assertEquals(ResourcePolicy.Reason.MALFORMED_RESOURCE,
                refused(policy.decide(List.of(MCP + "#x"), agent)));
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_ALLOWED,
                refused(policy.decide(List.of(MCP), client(ResourceAccess.NONE))), "registered for none");
    }

    @Test
    void prefixMatchingStopsAtPathBoundaries() {
        ResourceAccess access = new ResourceAccess(List.of(TOOLS), true);
        assertTrue(access.allows(TOOLS));
        assertTrue(access.allows(TOOLS + "/search"));
        assertFalse(access.allows(TOOLS + "x"), "v1x is not beneath v1");
        assertFalse(access.allows(TOOLS + "/../admin"), "dot segments never climb out");
        assertFalse(access.allows(TOOLS + "/%2e%2e/admin"));
        assertFalse(access.allows("http://tools.example.com/v1/search"), "another scheme");
        assertFalse(access.allows("https://tools.example.com.evil/v1"), "another host");
        assertFalse(access.allows("https://tools.example.com:8443/v1"), "another port");
        assertFalse(access.allows(TOOLS + "/search?x=1"), "a query is never beneath");
        assertTrue(new ResourceAccess(List.of(MCP), true).allows(MCP + "anything/below"));
    }

    @Test
    void theServerListFencesEveryClient() {
        Map<String, String> props = Map.of(ResourceSettings.ALLOWED, "https://mcp.example.com/tools");
        ResourcePolicy policy = new ResourcePolicy(ResourceSettings.from(name -> Optional.ofNullable(props.get(name)),
                props.keySet(), SigningAlgorithm.RS256));
        RegisteredClient agent = client(new ResourceAccess(List.of(MCP, "https://mcp.example.com/tools/a"), true));
        assertEquals(List.of("https://mcp.example.com/tools/a"),
                granted(policy.decide(List.of("https://mcp.example.com/tools/a"), agent)));
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_ALLOWED, refused(policy.decide(List.of(MCP), agent)),
                "registered for the client, but outside jeton.resources.allowed");
    }

    @Test
    void aTokenRequestNarrowsTheGrantAndNeverWidensIt() {
        ResourcePolicy policy = new ResourcePolicy(ResourceSettings.NONE);
        RegisteredClient agent = client(new ResourceAccess(List.of(MCP, TOOLS), false));
        List<String> grant = List.of(MCP, TOOLS);
        assertEquals(grant, granted(policy.decideWithin(List.of(), agent, grant)), "none asked: the whole grant");
        assertEquals(List.of(TOOLS), granted(policy.decideWithin(List.of(TOOLS), agent, grant)));
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_IN_GRANT,
                refused(policy.decideWithin(List.of(TOOLS), agent, List.of(MCP))));
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_IN_GRANT,
                refused(policy.decideWithin(List.of(MCP), agent, List.of())), "a grant without resources covers none");
        assertEquals(ResourcePolicy.Reason.RESOURCE_NOT_ALLOWED,
                refused(policy.decideWithin(List.of(), client(new ResourceAccess(List.of(MCP), false)), grant)),
                "a resource the client lost since the grant is not issued");
    }

    @Test
    void perResourceSettingsCapTheLifetimeAndNarrowTheScope() {
        Map<String, String> props = Map.of(
                "jeton.resources.\"" + MCP + "\".access-token-ttl-seconds", "120",
                "jeton.resources.\"" + MCP + "\".scopes", "tools.read",
                "jeton.resources.\"" + TOOLS + "\".signing-algorithm", "RS256");
        ResourceSettings settings = ResourceSettings.from(name -> Optional.ofNullable(props.get(name)), props.keySet(),
                SigningAlgorithm.RS256);
        ResourcePolicy policy = new ResourcePolicy(settings);
        assertEquals(Duration.ofSeconds(120), policy.accessTokenTtl(List.of(MCP), Duration.ofSeconds(600)));
        assertEquals(Duration.ofSeconds(60), policy.accessTokenTtl(List.of(MCP), Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(600), policy.accessTokenTtl(List.of(TOOLS), Duration.ofSeconds(600)));
        assertEquals("tools.read", policy.accessTokenScope(List.of(MCP), "tools.read tools.write"));
        assertEquals("tools.read tools.write", policy.accessTokenScope(List.of(TOOLS), "tools.read tools.write"));
        assertEquals("tools.read", policy.accessTokenScope(List.of(MCP, TOOLS), "tools.read tools.write"));
    }

    @Test
    void aResourceWhoseServerCannotVerifyOurTokensStopsTheDeployment() {
        Map<String, String> props = Map.of("jeton.resources.\"" + MCP + "\".signing-algorithm", "ES256");
        assertThrows(ConfigurationException.class, () -> ResourceSettings.from(
                name -> Optional.ofNullable(props.get(name)), props.keySet(), SigningAlgorithm.RS256));
        Map<String, String> unknown = Map.of("jeton.resources.\"" + MCP + "\".colour", "blue");
        assertThrows(ConfigurationException.class, () -> ResourceSettings.from(
                name -> Optional.ofNullable(unknown.get(name)), unknown.keySet(), SigningAlgorithm.RS256));
        Map<String, String> malformed = Map.of(ResourceSettings.ALLOWED, "https://x/#f");
        assertThrows(ConfigurationException.class, () -> ResourceSettings.from(
                name -> Optional.ofNullable(malformed.get(name)), malformed.keySet(), SigningAlgorithm.RS256));
    }
}
