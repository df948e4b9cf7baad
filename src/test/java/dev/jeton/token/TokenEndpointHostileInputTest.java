package dev.jeton.token;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.error.OAuthError;
import dev.jeton.hostile.HostileForms;
import dev.jeton.request.FormParameters;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token endpoint's core on hostile requests (RFC 6749 §5.2; RFC 9700 §4): whatever the form
 * and the Authorization header hold, the answer is a 4xx OAuth error with a description that is
 * safe to echo and headers without CR/LF, and exactly one token_denied event. A 5xx would mean an
 * unchecked exception inside the core, which {@link TokenEndpoint#process} turns into server_error.
 */
class TokenEndpointHostileInputTest {

    private static CoreFixture core;

    @BeforeContainer
    static void core() throws Exception {
        core = new CoreFixture();
    }

    @Example
    void theUnchangedRequestIsIssued() {
        // the sanity check: the properties below start from this request
        TokenOutcome outcome = core.endpoint.process(CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET),
                "grant_type", "client_credentials"));
        assertInstanceOf(TokenOutcome.Issued.class, outcome);
    }

    @Property(tries = 3000)
    void anyHostileRequestIsA4xxOAuthError(@ForAll("parameters") List<Map.Entry<String, String>> parameters,
                                          @ForAll("authorization") String authorization) {
        TokenRequest request = new TokenRequest(FormParameters.of(parameters), authorization,
                URI.create("https://as.example.com/oauth/token"), "192.0.2.1", CoreFixture.NOW);
        assertDenied4xx(core.endpoint.process(request));
    }

    @Property(tries = 500)
    void aLookalikeOfARegisteredClientIdIsAnotherClient(@ForAll("lookalikes") String clientId,
                                                        @ForAll boolean basic) {
        // UTS #39 confusables, case, width, zero-width and combining characters: ids compare as exact strings
        TokenRequest request = basic
                ? CoreFixture.request("Basic " + java.util.Base64.getEncoder().encodeToString(
                        (HostileForms.encode(clientId) + ":" + CoreFixture.SECRET).getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)), "grant_type", "client_credentials")
                : CoreFixture.request(null, "grant_type", "client_credentials", "client_id", clientId,
                        "client_secret", CoreFixture.SECRET);
        TokenOutcome.Denied denied = assertDenied4xx(core.endpoint.process(request));
        assertEquals("invalid_client", denied.error().code().wireValue());
        assertEquals("UNKNOWN_CLIENT", denied.events().get(0).reason());
    }

    @Property(tries = 500)
    void anyRepeatedParameterIsRefused(@ForAll("names") String repeated, @ForAll("values") String value) {
        // RFC 8707 §2: resource may repeat at the token endpoint of every grant (the grant's own rules apply)
        net.jqwik.api.Assume.that(!dev.jeton.vocabulary.GrantType.CLIENT_CREDENTIALS.repeatableParameters()
                .contains(repeated));
        List<Map.Entry<String, String>> pairs = new ArrayList<>(List.of(Map.entry("grant_type", "client_credentials"),
                Map.entry("scope", "api.read")));
        pairs.add(Map.entry(repeated, value.isEmpty() ? "x" : value));
        pairs.add(Map.entry(repeated, "api.read"));
        TokenRequest request = new TokenRequest(FormParameters.of(pairs), CoreFixture.basic("service", CoreFixture.SECRET),
                URI.create("https://as.example.com/oauth/token"), "192.0.2.1", CoreFixture.NOW);
        TokenOutcome.Denied denied = assertDenied4xx(core.endpoint.process(request));
        // RFC 6749 §3.1: parameters MUST NOT be included more than once
        assertEquals("invalid_request", denied.error().code().wireValue());
        assertEquals("REPEATED_PARAMETER", denied.events().get(0).reason());
    }

    @Property(tries = 500)
    void lineBreaksInParametersNeverReachAHeaderOrTheDescription(@ForAll("names") String name,
                                                                @ForAll("injections") String injection) {
        TokenRequest request = CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET),
                "grant_type", name.equals("grant_type") ? "client_credentials" + injection : "client_credentials",
                name.equals("grant_type") ? "scope" : name, injection);
        TokenOutcome outcome = core.endpoint.process(request);
        if (outcome instanceof TokenOutcome.Denied) {
            assertDenied4xx(outcome);
        } else {
            // a parameter the grant ignores (e.g. code for client_credentials) may carry anything
            assertFalse(List.of("grant_type", "scope", "client_id").contains(name), name);
        }
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> parameters() {
        return HostileForms.hostileParameters();
    }

    @Provide
    Arbitrary<String> authorization() {
        return HostileForms.hostileAuthorization();
    }

    @Provide
    Arbitrary<String> lookalikes() {
        return Arbitraries.of(HostileForms.LOOKALIKES_OF_SERVICE);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of(HostileForms.NAMES);
    }

    @Provide
    Arbitrary<String> values() {
        return HostileForms.hostileValues();
    }

    @Provide
    Arbitrary<String> injections() {
        return Arbitraries.of("\r\nSet-Cookie: a=b", "\nLocation: https://evil.example/", "a\rb", "\u0000",
                "api.read\r\n\r\n<html>", "\u2028", "\"><script>");
    }

    private static TokenOutcome.Denied assertDenied4xx(TokenOutcome outcome) {
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, outcome);
        OAuthError error = denied.error();
        assertTrue(error.httpStatus() >= 400 && error.httpStatus() < 500, () -> error.toString());
        if (error.description() != null) {
            assertEquals(OAuthError.safeDescription(error.description()), error.description());
        }
        error.headers().values().forEach(v -> assertFalse(v.contains("\r") || v.contains("\n"), v));
        List<AuditEvent> denials = denied.events().stream().filter(e -> e.name() == AuditEventName.TOKEN_DENIED).toList();
        assertEquals(1, denials.size());
        assertEquals(error.code().wireValue(), denials.get(0).errorCode());
        return denied;
    }
}
