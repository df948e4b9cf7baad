package dev.jeton.client;

import dev.jeton.error.OAuthErrorCode;
import dev.jeton.request.FormParameters;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** client_secret_post: RFC 6749 §2.3.1, client_id and client_secret in the request body. */
class ClientSecretPostAuthenticatorTest {

    private final ClientSecretPostAuthenticator post = new ClientSecretPostAuthenticator();

    private static ClientAuthRequest body(String... nameValuePairs) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return new ClientAuthRequest(FormParameters.of(pairs), null, URI.create("https://as.example.com/oauth/token"),
                Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void absentWithoutClientSecret() {
        assertInstanceOf(Presentation.Absent.class, post.presentation(body()));
        assertInstanceOf(Presentation.Absent.class, post.presentation(body("client_id", "app")));
    }

    @Test
    void emptyClientSecretCountsAsAbsent() {
        // RFC 6749 §3.1: a parameter without a value is treated as omitted
        assertInstanceOf(Presentation.Absent.class, post.presentation(body("client_id", "app", "client_secret", "")));
    }

    @Test
    void clientSecretWithoutClientIdIsMalformedInvalidRequest() {
        Presentation.Malformed m = assertInstanceOf(Presentation.Malformed.class,
                post.presentation(body("client_secret", "s3cret")));

        assertEquals(OAuthErrorCode.INVALID_REQUEST, m.error().code());
        assertEquals(AuthFailure.MALFORMED_CREDENTIALS, m.reason());
    }

    @Test
    void clientIdAndSecretArePresented() {
        Presentation.Presented p = assertInstanceOf(Presentation.Presented.class,
                post.presentation(body("grant_type", "client_credentials", "client_id", "app", "client_secret", "s3cret")));

        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, p.method());
        assertEquals("app", p.clientId());
        assertEquals("s3cret", p.credential());
    }

    @Test
    void verifyChecksTheSecretAgainstTheStoredHash() {
        RegisteredClient client = new RegisteredClient("app", null, ClientSecrets.hash("s3cret"),
                ClientAuthMethod.CLIENT_SECRET_POST, Set.of("client_credentials"), Set.of(), List.of(),
                null, null, null, true);
        ClientAuthRequest right = body("client_id", "app", "client_secret", "s3cret");
        ClientAuthRequest wrong = body("client_id", "app", "client_secret", "s3cret!");

        assertTrue(post.verify((Presentation.Presented) post.presentation(right), client, right));
        assertFalse(post.verify((Presentation.Presented) post.presentation(wrong), client, wrong));
    }
}
