package dev.jeton.client;

import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.Scope;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's clients file: JSON with a {@code clients} array, member names as in RFC 7591.
 * A secret is given as {@code client_secret_hash} (from {@link ClientSecrets#main}) or as
 * {@code client_secret_env}, the name of an environment variable holding it; a clear-text
 * {@code client_secret} in the file is refused.
 */
public final class DeclaredClients {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    private static final Set<String> KNOWN_MEMBERS = Set.of("client_id", "client_name", "token_endpoint_auth_method",
            "client_secret_hash", "client_secret_env", "grant_types", "scope", "redirect_uris", "audience",
            "access_token_ttl_seconds", "refresh_token_ttl_seconds", "enabled", "first_party",
            "id_token_signed_response_alg", "token_exchange_audiences", "token_exchange_impersonation",
            // strong clients: keys (RFC 7591 §2), DPoP (RFC 9449 §5.2), PAR (RFC 9126 §6), RFC 9101
            "jwks", "jwks_uri", "token_endpoint_auth_signing_alg", "request_object_signing_alg",
            "dpop_bound_access_tokens", "dpop_nonce_required", "require_pushed_authorization_requests",
            // PKCE relaxed for a confidential OpenID client (RFC 9700 §2.1.1); the FAPI 2.0 Security Profile
            "require_pkce", "fapi2_security_profile",
            // RFC 8707: the resources it may ask tokens for; prefix matching on path boundaries as an option
            "resources", "resource_prefix_match",
            // mutual TLS (RFC 8705 §2.1.2, §3.4)
            "tls_client_auth_subject_dn", "tls_client_auth_san_dns", "tls_client_auth_san_uri",
            "tls_client_auth_san_ip", "tls_client_auth_san_email", CertificateMetadata.BOUND_ACCESS_TOKENS,
            // logout (issue #18): RP-Initiated Logout 1.0 §3.1, Back-Channel Logout 1.0 §2.2, and what logout revokes
            "post_logout_redirect_uris", "backchannel_logout_uri", "backchannel_logout_session_required",
            "logout_revokes_refresh_tokens",
            // OpenID Connect Dynamic OP (issue #14): signed userinfo, implicit response types, request_uris
            "userinfo_signed_response_alg", "response_types", "request_uris",
            // shown on the sign-in and consent pages (OIDC Registration §2; ClientLinks)
            "logo_uri", "client_uri", "policy_uri", "tos_uri",
            // pairwise subject identifiers (OIDC Core §8.1); the file's sector_identifier_uri is the operator's word
            // and is not fetched
            "subject_type", "sector_identifier_uri");
    /** Methods a declared client may register; grows as authenticators are added. */
    private static final Set<ClientAuthMethod> SUPPORTED_METHODS = Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC,
            ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.NONE, ClientAuthMethod.PRIVATE_KEY_JWT,
            ClientAuthMethod.TLS_CLIENT_AUTH, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);

    private final Set<String> serverScopes;
    private final int secretMinLength;
    private final Function<String, String> environment;
    /** {@code jeton.fapi2.enabled}: every client is read as if it said {@code fapi2_security_profile: true}. */
    private final boolean serverWideFapi2;

    public DeclaredClients(JetonSettings settings, Function<String, String> environment) {
        this(settings, environment, false);
    }

    public DeclaredClients(JetonSettings settings, Function<String, String> environment, boolean serverWideFapi2) {
        this(settings.allowedScopes(), settings.clientSecretMinLength(), environment, serverWideFapi2);
    }

    public DeclaredClients(Set<String> serverScopes, int secretMinLength, Function<String, String> environment) {
        this(serverScopes, secretMinLength, environment, false);
    }

    public DeclaredClients(Set<String> serverScopes, int secretMinLength, Function<String, String> environment,
                           boolean serverWideFapi2) {
        this.serverScopes = serverScopes;
        this.secretMinLength = secretMinLength;
        this.environment = environment;
        this.serverWideFapi2 = serverWideFapi2;
    }

    public List<RegisteredClient> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader json = JSONP.createReader(in)) {
            return parse(json.readObject());
        } catch (IOException e) {
            throw problem("cannot read " + file + ": " + e.getMessage());
        } catch (JsonException | ClassCastException e) {
            throw problem(file + " is not a JSON object with a 'clients' array");
        }
    }

    public List<RegisteredClient> parse(JsonObject root) {
        if (!(root.get("clients") instanceof JsonArray array)) {
            throw problem("the file has no 'clients' array");
        }
        List<RegisteredClient> clients = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonValue value : array) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw problem("every entry of 'clients' must be an object");
            }
            RegisteredClient client = parseClient(value.asJsonObject());
            if (!ids.add(client.clientId())) {
                throw problem("client '" + client.clientId() + "' is declared twice");
            }
            clients.add(client);
        }
        return clients;
    }

    private RegisteredClient parseClient(JsonObject o) {
        String id = string(o, "client_id", null);
        // RFC 6749 Appendix A.1: client-id = *VSCHAR (%x20-7E); ':' and ' ' are fine, Basic form-encodes them
        if (id == null || id.isEmpty() || id.length() > 200 || !id.matches("[\\x20-\\x7E]+") || !id.strip().equals(id)) {
            throw problem("every client needs a client_id of 1 to 200 printable ASCII characters (RFC 6749 A.1)");
        }
        for (String member : o.keySet()) {
            if (member.equals("client_secret")) {
                throw problem("client '" + id + "': a clear-text client_secret is not accepted; give "
                        + "client_secret_hash or client_secret_env");
            }
            if (!KNOWN_MEMBERS.contains(member)) {
                throw problem("client '" + id + "': unknown member '" + member + "'");
            }
        }
        String methodName = string(o, "token_endpoint_auth_method", "client_secret_basic");
        ClientAuthMethod method = ClientAuthMethod.fromWire(methodName).filter(SUPPORTED_METHODS::contains)
                .orElseThrow(() -> problem("client '" + id + "': token_endpoint_auth_method '" + methodName
                        + "' is not supported"));
        String secretHash = secretHash(o, id, method);

        Set<String> grants = new LinkedHashSet<>(strings(o, "grant_types", id));
        if (grants.isEmpty()) {
            throw problem("client '" + id + "': grant_types must name at least one grant");
        }
        for (String grant : grants) {
            if (grant.equals(OidcClientOptions.IMPLICIT_GRANT)) {
                continue; // OIDC Core §3.2: no token endpoint grant; checked with response_types below
            }
            GrantType type = GrantType.fromWire(grant).orElseThrow(() ->
                    problem("client '" + id + "': unknown grant type '" + grant + "'"));
            if (type.confidentialClientRequired() && method == ClientAuthMethod.NONE) {
                throw problem("client '" + id + "': a public client cannot use " + grant);
            }
        }
        String scope = string(o, "scope", "");
        // the RFC 6749 §3.3 grammar, strictly (one space between tokens); surrounding blanks of the file are ignored
        Set<String> scopes = scope.isBlank() ? Set.of() : Scope.parse(scope.strip()).orElseThrow(() ->
                problem("client '" + id + "': scope is not a space-separated list of scope tokens (RFC 6749 "
                        + "section 3.3)")).tokens();
        if (!serverScopes.isEmpty() && !serverScopes.containsAll(scopes)) {
            Set<String> extra = new LinkedHashSet<>(scopes);
            extra.removeAll(serverScopes);
            throw problem("client '" + id + "': scopes " + extra + " are not in " + JetonSettings.SCOPES_ALLOWED);
        }
        SecurityProfile security = security(o, id, method, serverWideFapi2);
        return new RegisteredClient(id, string(o, "client_name", null), secretHash, method, grants, scopes,
                strings(o, "redirect_uris", id), string(o, "audience", null),
                seconds(o, "access_token_ttl_seconds", id), seconds(o, "refresh_token_ttl_seconds", id),
                bool(o, "enabled", id, true), bool(o, "first_party", id, false), idTokenAlgorithm(o, id),
                security, tokenExchange(o, id, grants), resources(o, id)).withLogout(logout(o, id))
                .withOidc(oidc(o, id, grants, security.fapi2(), strings(o, "redirect_uris", id)));
    }

    /**
     * Issue #14: the OpenID Connect Dynamic OP members, checked as dynamic registration checks them; the operator may
     * declare implicit response types whatever {@code jeton.oidc.implicit.enabled} says (they are served only while
     * it is on).
     */
    private static OidcClientOptions oidc(JsonObject o, String id, Set<String> grants, boolean fapi2,
                                          List<String> redirectUris) {
        try {
            return OidcClientOptions.check(o, grants, true, fapi2, redirectUris);
        } catch (OidcClientOptions.Invalid e) {
            throw problem("client '" + id + "': " + e.getMessage());
        }
    }

    /** Issue #18: where logout may send the browser back, where logout tokens go, and what logout revokes. */
    private static ClientLogout logout(JsonObject o, String id) {
        List<String> postLogout = strings(o, "post_logout_redirect_uris", id);
        for (String uri : postLogout) {
            if (!ClientLogout.validPostLogoutRedirectUri(uri)) {
                throw problem("client '" + id + "': post_logout_redirect_uris: '" + uri + "' is not an absolute "
                        + "http(s) URI without a fragment (RP-Initiated Logout 1.0 section 3.1)");
            }
        }
        String backchannel = string(o, "backchannel_logout_uri", null);
        if (backchannel != null && !ClientLogout.validBackchannelUri(backchannel)) {
            throw problem("client '" + id + "': backchannel_logout_uri is not an absolute http(s) URI without a "
                    + "fragment (Back-Channel Logout 1.0 section 2.2)");
        }
        Boolean revokes = o.containsKey("logout_revokes_refresh_tokens")
                ? bool(o, "logout_revokes_refresh_tokens", id, true) : null;
        return new ClientLogout(List.copyOf(new LinkedHashSet<>(postLogout)), backchannel,
                bool(o, "backchannel_logout_session_required", id, false), revokes);
    }

    /** RFC 8707 §2: each an absolute URI without a fragment. */
    private static ResourceAccess resources(JsonObject o, String id) {
        List<String> resources = strings(o, "resources", id);
        for (String resource : resources) {
            if (!ResourceIndicators.wellFormed(resource)) {
                throw problem("client '" + id + "': resources: '" + resource + "' is not an absolute URI without "
                        + "a fragment (RFC 8707 section 2)");
            }
        }
        return new ResourceAccess(List.copyOf(new LinkedHashSet<>(resources)),
                bool(o, "resource_prefix_match", id, false));
    }

    private static SecurityProfile security(JsonObject o, String id, ClientAuthMethod method, boolean serverWideFapi2) {
        ClientKeyMetadata keys;
        CertificateMetadata certificate;
        try {
            keys = ClientKeyMetadata.check(o, method, ClientKeyMetadata.DeclaredBy.OPERATOR);
            certificate = CertificateMetadata.check(o, method);
        } catch (ClientKeyMetadata.Invalid e) {
            throw problem("client '" + id + "': " + e.getMessage());
        }
        boolean requirePkce = bool(o, "require_pkce", id, true);
        // RFC 9700 §2.1.1: "Public clients MUST use PKCE"
        if (!requirePkce && method == ClientAuthMethod.NONE) {
            throw problem("client '" + id + "': a public client always uses PKCE (require_pkce cannot be false)");
        }
        boolean fapi2 = bool(o, "fapi2_security_profile", id, false) || serverWideFapi2;
        if (fapi2 && !requirePkce) {
            throw problem("client '" + id + "': the FAPI 2.0 Security Profile requires PKCE (require_pkce cannot "
                    + "be false)");
        }
        // FAPI 2.0 Security Profile §5.3.2.1: confidential clients only, authenticated with private_key_jwt
        // or mutual TLS (tls_client_auth, self_signed_tls_client_auth); §5.4.1: no RS256
        if (fapi2 && !method.allowedUnderFapi2()) {
            throw problem("client '" + id + "': the FAPI 2.0 Security Profile requires token_endpoint_auth_method "
                    + "private_key_jwt, tls_client_auth or self_signed_tls_client_auth");
        }
        // §5.3.2.2 (8): no plain http redirect URI but a native client's loopback one
        for (String uri : strings(o, "redirect_uris", id)) {
            if (fapi2 && !Fapi2RedirectUris.allowed(uri)) {
                throw problem("client '" + id + "': the FAPI 2.0 Security Profile allows no http redirect URI but a "
                        + "loopback one (127.0.0.1, [::1]): '" + uri + "'");
            }
        }
        if (fapi2 && "RS256".equals(string(o, "id_token_signed_response_alg", null))) {
            throw problem("client '" + id + "': the FAPI 2.0 Security Profile allows no RS256 ID tokens (use ES256)");
        }
        if (fapi2 && (outsideFapi2(keys.tokenEndpointAuthSigningAlg())
                || outsideFapi2(string(o, "request_object_signing_alg", null)))) {
            throw problem("client '" + id + "': the FAPI 2.0 Security Profile allows PS256, ES256 or EdDSA "
                    + "signatures");
        }
        return new SecurityProfile(keys.jwks(), keys.jwksUri(), keys.tokenEndpointAuthSigningAlg(),
                algorithm(o, "request_object_signing_alg", id), bool(o, "dpop_bound_access_tokens", id, false),
                bool(o, "dpop_nonce_required", id, false),
                bool(o, "require_pushed_authorization_requests", id, false), requirePkce, fapi2, certificate);
    }

    private static boolean outsideFapi2(String algorithm) {
        return algorithm != null && ClientSigningAlgorithms.FAPI2.stream().noneMatch(a -> a.getName().equals(algorithm));
    }

    private static String algorithm(JsonObject o, String name, String id) {
        String value = string(o, name, null);
        if (value != null && ClientSigningAlgorithms.parse(value).isEmpty()) {
            throw problem("client '" + id + "': " + name + " must be one of " + ClientSigningAlgorithms.names());
        }
        return value;
    }

    private String secretHash(JsonObject o, String id, ClientAuthMethod method) {
        String hash = string(o, "client_secret_hash", null);
        String env = string(o, "client_secret_env", null);
        boolean needsSecret = method == ClientAuthMethod.CLIENT_SECRET_BASIC
                || method == ClientAuthMethod.CLIENT_SECRET_POST;
        if (!needsSecret) {
            if (hash != null || env != null) {
                throw problem("client '" + id + "': a " + method.wireValue() + " client has no secret");
            }
            return null;
        }
        if ((hash == null) == (env == null)) {
            throw problem("client '" + id + "': give exactly one of client_secret_hash and client_secret_env");
        }
        if (hash != null) {
            if (!ClientSecrets.isHash(hash)) {
                throw problem("client '" + id + "': client_secret_hash must be 'sha256:' and 43 base64url characters");
            }
            return hash;
        }
        String secret = environment.apply(env);
        if (secret == null || secret.isEmpty()) {
            throw problem("client '" + id + "': the environment variable " + env + " is not set");
        }
        if (secret.length() < secretMinLength) {
            throw problem("client '" + id + "': the secret in " + env + " is shorter than "
                    + secretMinLength + " characters (" + JetonSettings.CLIENT_SECRET_MIN_LENGTH + ")");
        }
        return ClientSecrets.hash(secret);
    }

    /** RFC 8693: the audiences a client may ask a token exchange for, and whether it may impersonate. */
    private static TokenExchangePolicy tokenExchange(JsonObject o, String id, Set<String> grants) {
        List<String> audiences = strings(o, "token_exchange_audiences", id);
        boolean impersonation = bool(o, "token_exchange_impersonation", id, false);
        boolean registered = grants.contains(GrantType.TOKEN_EXCHANGE.wireValue());
        if (!registered && (!audiences.isEmpty() || impersonation)) {
            throw problem("client '" + id + "': token_exchange_* members need the grant type "
                    + GrantType.TOKEN_EXCHANGE.wireValue());
        }
        for (String audience : audiences) {
            if (audience.isBlank() || audience.contains(" ")) {
                throw problem("client '" + id + "': token_exchange_audiences must be non-empty strings without spaces");
            }
        }
        return new TokenExchangePolicy(new LinkedHashSet<>(audiences), impersonation);
    }

    private static SigningAlgorithm idTokenAlgorithm(JsonObject o, String id) {
        String value = string(o, "id_token_signed_response_alg", null);
        if (value == null) {
            return null;
        }
        return SigningAlgorithm.parse(value).orElseThrow(() -> problem("client '" + id
                + "': id_token_signed_response_alg must be RS256 or ES256"));
    }

    private static boolean bool(JsonObject o, String name, String id, boolean fallback) {
        JsonValue v = o.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.getValueType() != JsonValue.ValueType.TRUE && v.getValueType() != JsonValue.ValueType.FALSE) {
            throw problem("client '" + id + "': '" + name + "' must be true or false");
        }
        return v.getValueType() == JsonValue.ValueType.TRUE;
    }

    private static String string(JsonObject o, String name, String fallback) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw problem("'" + name + "' must be a string");
    }

    private static List<String> strings(JsonObject o, String name, String id) {
        JsonValue v = o.get(name);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof JsonArray array) || !array.stream().allMatch(e -> e instanceof JsonString)) {
            throw problem("client '" + id + "': '" + name + "' must be an array of strings");
        }
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static Duration seconds(JsonObject o, String name, String id) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() <= 0 || n.longValue() > Integer.MAX_VALUE) {
            throw problem("client '" + id + "': '" + name + "' must be a positive whole number of seconds");
        }
        return Duration.ofSeconds(n.longValue());
    }

    private static ConfigurationException problem(String message) {
        return new ConfigurationException(JetonSettings.CLIENTS_FILE + ": " + message);
    }
}
