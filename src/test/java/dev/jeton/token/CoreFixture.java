package dev.jeton.token;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.ClientSecretPostAuthenticator;
import dev.jeton.client.ClientKeySettings;
import dev.jeton.client.ClientKeys;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.PrivateKeyJwtAuthenticator;
import dev.jeton.dpop.DpopSettings;
import dev.jeton.dpop.DpopVerifier;
import dev.jeton.replay.MemoryReplayStore;
import dev.jeton.client.PublicClientAuthenticator;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.grant.clientcredentials.ClientCredentialsGrantHandler;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.jose.KeystoreFile;
import dev.jeton.jose.SigningKeySet;
import dev.jeton.request.FormParameters;

import dev.jeton.throttle.ClientAuthenticationGate;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real core (endpoint, authenticators, client_credentials handler, JWT signer with a real
 * keystore) over an in-memory client store and a fixed time.
 */
public final class CoreFixture {

    public static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    public static final String SECRET = ClientSecrets.generate();
    public static final String POST_SECRET = ClientSecrets.generate();
    /** The CA that tls_client_auth trusts here (RFC 8705 §2.1), valid around {@link #NOW}. */
    public static final dev.jeton.mtls.TestCertificates.Issued CA = dev.jeton.mtls.TestCertificates.ca("Core CA", NOW);

    public final JetonSettings settings;
    public final SigningKeySet keys;
    public final Map<String, RegisteredClient> clients = new HashMap<>();
    public final TokenEndpoint endpoint;
    /** Shared by client assertions and DPoP proofs, as in the server. */
    public final MemoryReplayStore replay = new MemoryReplayStore();
    public final DpopVerifier dpop;
    public final ClientAuthentication authentication;
    public final GrantHandlers handlers;

    public CoreFixture(Map<String, String> overrides) throws Exception {
        Map<String, String> config = new HashMap<>(Map.of(
                JetonSettings.ISSUER, "https://as.example.com",
                JetonSettings.ACCESS_TOKEN_TTL, "600",
                JetonSettings.SIGNING_ALGORITHM, "ES256",
                JetonSettings.KEYSTORE_PATH, Keys.FILE.path().toString(),
                JetonSettings.KEYSTORE_TYPE, "BCFKS",
                JetonSettings.KEYSTORE_PASSWORD, "test-password",
                JetonSettings.CLIENT_SECRET_MIN_LENGTH, "32",
                JetonSettings.AUDIT_CONNECTION_FACTORY, "jms/cf",
                JetonSettings.AUDIT_QUEUE, "jms/q",
                JetonSettings.MAX_BODY_BYTES, "65536"));
        config.put(JetonSettings.JWKS_MAX_AGE, "300");
        config.put(JetonSettings.SCOPES_DEFAULT, "api.read");
        config.putAll(overrides);
        settings = JetonSettings.from(name -> Optional.ofNullable(config.get(name)));
        keys = SigningKeySet.select(Keys.FILE.load(), settings.signingAlgorithm(), null);

        add(client("service", ClientAuthMethod.CLIENT_SECRET_BASIC, SECRET, Set.of("client_credentials"),
                Set.of("api.read", "api.write")));
        add(client("poster", ClientAuthMethod.CLIENT_SECRET_POST, POST_SECRET, Set.of("client_credentials"),
                Set.of("api.read")));
        add(client("spa", ClientAuthMethod.NONE, null, Set.of("client_credentials"), Set.of("api.read")));
        add(client("no-cc", ClientAuthMethod.CLIENT_SECRET_BASIC, SECRET, Set.of("authorization_code"),
                Set.of("api.read")));

        ClientKeySettings keySettings = ClientKeySettings.defaults();
        ClientKeys clientKeys = new ClientKeys((uri, timeout) -> {
            throw new java.io.IOException("no network in unit tests");
        }, keySettings, Clock.fixed(NOW, ZoneOffset.UTC));
        authentication = new ClientAuthentication(id -> Optional.ofNullable(clients.get(id)), List.of(
                new ClientSecretBasicAuthenticator(), new ClientSecretPostAuthenticator(),
                new PublicClientAuthenticator(), new PrivateKeyJwtAuthenticator(clientKeys, replay, keySettings,
                        settings.issuer(), settings.endpoint("/oauth/token")),
                // RFC 8705 §2: the test CA is the one trusted CA of tls_client_auth
                new dev.jeton.client.TlsClientAuthenticator(new dev.jeton.mtls.MtlsSettings(
                        List.of(CA.certificate()), null, dev.jeton.mtls.AddressRanges.NONE, null)),
                new dev.jeton.client.SelfSignedTlsClientAuthenticator(clientKeys)));
        handlers = new GrantHandlers(List.<GrantHandler>of(
                new ClientCredentialsGrantHandler(settings, new JwtAccessTokenIssuer(keys))));
        dpop = new DpopVerifier(DpopSettings.from(name -> Optional.ofNullable(config.get(name))
                .or(() -> Optional.ofNullable(DpopSettings.NONCE_SECRET.equals(name)
                        ? "core-fixture-nonce-secret-0123456789abcdef" : null))), replay);
        endpoint = new TokenEndpoint(authentication, handlers, dpop, settings, ClientAuthenticationGate.open());
    }

    /** One keystore for all tests: generating RSA keys is the slow part, and the file is never changed. */
    private static final class Keys {
        static final KeystoreFile FILE = create();

        private static KeystoreFile create() {
            try {
                Path dir = Files.createTempDirectory("jeton-core");
                KeystoreFile file = new KeystoreFile(dir.resolve("keys.bcfks"), "BCFKS", "test-password".toCharArray());
                file.createWithKeys(NOW);
                return file;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public CoreFixture() throws Exception {
        this(Map.of());
    }

    public void add(RegisteredClient client) {
        clients.put(client.clientId(), client);
    }

    public static RegisteredClient client(String id, ClientAuthMethod method, String secret, Set<String> grants,
                                          Set<String> scopes) {
        return new RegisteredClient(id, id, secret == null ? null : ClientSecrets.hash(secret), method, grants,
                scopes, List.of(), null, null, null, true);
    }

    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
    }

    public static TokenRequest request(String authorization, String... nameValuePairs) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return new TokenRequest(FormParameters.of(pairs), authorization, URI.create("https://as.example.com/oauth/token"),
                "192.0.2.1", NOW);
    }

    /**
     * {@code plain} as the token endpoint hands it to a grant handler when the client's access tokens are bound to
     * the certificate it came with (RFC 8705 §3; {@code TokenEndpoint#senderConstraint}).
     */
    public static TokenRequest boundTo(TokenRequest plain, dev.jeton.mtls.ClientCertificate certificate) {
        return new TokenRequest(plain.parameters(), plain.authorizationHeader(), plain.requestUri(),
                plain.clientAddress(), plain.receivedAt(), plain.dpopProofs(), plain.httpMethod(),
                plain.dpopKeyThumbprint(), certificate, null).withCertificateBinding();
    }

    /** The {@code cnf} of an access token (RFC 7800 §3.1), or null. */
    public static Object cnf(String accessToken) throws java.text.ParseException {
        return com.nimbusds.jwt.SignedJWT.parse(accessToken).getJWTClaimsSet().getClaim("cnf");
    }

    /** A request over mutual TLS with {@code certificate} (RFC 8705). */
    public static TokenRequest mtlsRequest(dev.jeton.mtls.ClientCertificate certificate, String... nameValuePairs) {
        TokenRequest plain = request((String) null, nameValuePairs);
        return new TokenRequest(plain.parameters(), null, plain.requestUri(), plain.clientAddress(), NOW, List.of(),
                "POST", null, certificate, null);
    }
}
