package dev.jeton.client;

import dev.jeton.error.OAuthErrorCode;
import dev.jeton.request.FormParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSecretBasicAuthenticatorTest {

    private final ClientSecretBasicAuthenticator basic = new ClientSecretBasicAuthenticator();

    private static ClientAuthRequest request(String authorization) {
        return new ClientAuthRequest(FormParameters.of(List.of()), authorization,
                URI.create("https://as.example.com/oauth/token"), Instant.parse("2026-01-02T03:04:05Z"));
    }

    /** Base64 of the raw text, which the caller has already form-encoded as §2.3.1 requires. */
    private static String basicHeader(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private Presentation.Presented presented(String authorization) {
        return assertInstanceOf(Presentation.Presented.class, basic.presentation(request(authorization)));
    }

    private void assertMalformedInvalidClient(String authorization) {
        Presentation.Malformed m = assertInstanceOf(Presentation.Malformed.class,
                basic.presentation(request(authorization)));
        assertEquals(OAuthErrorCode.INVALID_CLIENT, m.error().code());
        assertEquals(AuthFailure.MALFORMED_CREDENTIALS, m.reason());
    }

    private static RegisteredClient client(String id, String secret) {
        return new RegisteredClient(id, null, ClientSecrets.hash(secret), ClientAuthMethod.CLIENT_SECRET_BASIC,
                Set.of("client_credentials"), Set.of(), List.of(), null, null, null, true);
    }

    @Test
    void plainIdAndSecretArePresented() {
        Presentation.Presented p = presented(basicHeader("service:s3cret"));

        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, p.method());
        assertEquals("service", p.clientId());
        assertEquals("s3cret", p.credential());
    }

    @Test
    void clientIdIsFormDecodedAfterBase64() {
        // RFC 6749 §2.3.1: the id is encoded with application/x-www-form-urlencoded before Base64,
        // so a ':' in the id travels as %3A
        Presentation.Presented p = presented(basicHeader("my%3Aclient:secret"));

        assertEquals("my:client", p.clientId());
        assertEquals("secret", p.credential());
    }

    @Test
    void secretPlusMeansSpaceAndPercent2BMeansPlus() {
        // RFC 6749 §2.3.1 + Appendix B: '+' is an encoded space; a literal '+' is %2B
        Presentation.Presented p = presented(basicHeader("client:a+b%2Bc"));

        assertEquals("a b+c", p.credential());
    }

    @Test
    void secretMayContainAnEncodedColon() {
        // RFC 6749 §2.3.1: only the first ':' separates; the secret's own ':' is encoded as %3A
        assertEquals("x:y", presented(basicHeader("client:x%3Ay")).credential());
    }

    @Test
    void nonAsciiIsUtf8PercentEncoded() {
        // RFC 6749 Appendix B: characters are UTF-8 encoded, then percent-encoded
        Presentation.Presented p = presented(basicHeader("caf%C3%A9:%E2%82%AC%20x"));

        assertEquals("café", p.clientId());
        assertEquals("€ x", p.credential());
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "BASIC", "bAsIc"})
    void schemeIsCaseInsensitive(String scheme) {
        // RFC 7617 §2 / RFC 9110 §11.1: the auth-scheme is case-insensitive
        String header = scheme + " " + Base64.getEncoder().encodeToString("service:s3cret".getBytes(StandardCharsets.UTF_8));

        assertEquals("service", presented(header).clientId());
    }

    @Test
    void noAuthorizationHeaderIsAbsent() {
        assertInstanceOf(Presentation.Absent.class, basic.presentation(request(null)));
        assertInstanceOf(Presentation.Absent.class, basic.presentation(request("   ")));
    }

    @Test
    void otherSchemeIsMalformedInvalidClient() {
        // RFC 6749 §2.3.1: the token endpoint authenticates clients with Basic here
        assertMalformedInvalidClient("Bearer abc.def.ghi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!not-base64!!!", "Basic c2VydmljZTpzM2NyZXQ===", "Basic c2Vy dmljZQ==", "Basic"})
    void invalidBase64IsMalformed(String header) {
        assertMalformedInvalidClient(header);
    }

    @Test
    void base64OfInvalidUtf8IsMalformed() {
        byte[] raw = {'i', 'd', ':', (byte) 0xC3, (byte) 0x28};
        assertMalformedInvalidClient("Basic " + Base64.getEncoder().encodeToString(raw));
    }

    @Test
    void credentialsWithoutColonAreMalformed() {
        // RFC 7617 §2: user-pass = user-id ":" password
        assertMalformedInvalidClient(basicHeader("serviceonly"));
    }

    @Test
    void emptyClientIdIsMalformed() {
        assertMalformedInvalidClient(basicHeader(":secret"));
    }

    @Test
    void invalidFormEncodingIsMalformed() {
        assertMalformedInvalidClient(basicHeader("client:bad%zz"));
        assertMalformedInvalidClient(basicHeader("client%:secret"));
    }

    @Test
    void verifyAcceptsTheRegisteredSecretOnly() {
        RegisteredClient client = client("service", "a b+c");
        Presentation.Presented right = presented(basicHeader("service:a+b%2Bc"));
        Presentation.Presented wrong = presented(basicHeader("service:a+b+c"));

        assertTrue(basic.verify(right, client, request(null)));
        assertFalse(basic.verify(wrong, client, request(null)));
    }

    @Test
    void invalidUtf8InsideTheFormEncodingIsMalformed() {
        // two different byte strings must never decode to the same secret
        assertMalformedInvalidClient(basicHeader("service:%C3%28"));
    }
}
