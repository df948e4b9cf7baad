package dev.jeton.client.registration;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientLogout;
import dev.jeton.client.OidcClientOptions;
import dev.jeton.client.ClientKeyMetadata;
import dev.jeton.client.JsonMembers;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.vocabulary.Scope;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks client metadata (RFC 7591 §2) against what this server supports. Members it does not
 * know are ignored, as §2 requires; a known member with a value it cannot honour is refused with
 * {@code invalid_client_metadata}, a bad redirect URI with {@code invalid_redirect_uri} (§3.2.2).
 * Nothing a client sends can make it first-party, give it another audience or lifetimes, or give it
 * the operator's own scopes ({@code jeton.*}).
 */
public final class ClientMetadataValidator {

    static final int MAX_REDIRECT_URIS = 10;
    static final int MAX_URI_LENGTH = 1000;
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");

    private final Set<ClientAuthMethod> supportedMethods;
    private final Set<String> supportedGrants;
    private final Set<String> confidentialOnlyGrants;
    private final Set<String> serverScopes;
    private final Set<String> defaultScopes;
    private final Predicate<String> resourceAllowed;
    /** {@code jeton.fapi2.enabled}: only clients the FAPI 2.0 Security Profile allows may register. */
    private final boolean serverWideFapi2;

    /** Without resources (RFC 8707): a client that registers {@code resources} is refused. */
    public ClientMetadataValidator(Set<ClientAuthMethod> supportedMethods, Set<String> supportedGrants,
                                   Set<String> confidentialOnlyGrants, Set<String> serverScopes,
                                   Set<String> defaultScopes) {
        this(supportedMethods, supportedGrants, confidentialOnlyGrants, serverScopes, defaultScopes, r -> false);
    }

    /**
     * @param serverScopes    {@code jeton.scopes.allowed}: when not empty, the only scopes a client may have
     * @param defaultScopes   given to a client that names none
     * @param resourceAllowed whether a client may register this resource (RFC 8707): the operator's
     *                        {@code jeton.resources.allowed}; with none set, no client may register any, since a
     *                        client names its own resources and nothing else would fence them
     */
    public ClientMetadataValidator(Set<ClientAuthMethod> supportedMethods, Set<String> supportedGrants,
                                   Set<String> confidentialOnlyGrants, Set<String> serverScopes,
                                   Set<String> defaultScopes, Predicate<String> resourceAllowed) {
        this(supportedMethods, supportedGrants, confidentialOnlyGrants, serverScopes, defaultScopes, resourceAllowed,
                false);
    }

    /** @param serverWideFapi2 the server holds every client to the FAPI 2.0 Security Profile ({@code jeton.fapi2.enabled}) */
    public ClientMetadataValidator(Set<ClientAuthMethod> supportedMethods, Set<String> supportedGrants,
                                   Set<String> confidentialOnlyGrants, Set<String> serverScopes,
                                   Set<String> defaultScopes, Predicate<String> resourceAllowed,
                                   boolean serverWideFapi2) {
        this.serverWideFapi2 = serverWideFapi2;
        this.resourceAllowed = resourceAllowed;
        this.supportedMethods = Set.copyOf(supportedMethods);
        this.supportedGrants = Set.copyOf(supportedGrants);
        this.confidentialOnlyGrants = Set.copyOf(confidentialOnlyGrants);
        this.serverScopes = Set.copyOf(serverScopes);
        this.defaultScopes = Set.copyOf(defaultScopes);
    }

    /** The resources a client that names none may ask for; the PKCE default of a confidential client. */
    private List<String> defaultResources = List.of();
    private boolean confidentialPkceDefault = true;

    /**
     * This validator, with what a client that leaves them out gets:
     * <ul>
     * <li>{@code resources}: {@code defaultResources} - the operator's {@code jeton.resources.allowed}, matched on path
     * boundaries as the server list is. An MCP client registers with the members of RFC 7591 only (or writes a client ID
     * metadata document with them) and then asks for its MCP server with {@code resource} (RFC 8707 §2); with no
     * resources of its own it could reach none. The operator's list is the fence, as it is for a client that names its
     * own; with none set, a client that names none gets none.</li>
     * <li>{@code require_pkce} of a confidential client: {@code confidentialPkceDefault} ({@code
     * jeton.registration.require-pkce}); RFC 9700 §2.1.1 recommends PKCE for confidential clients, which may rely on the
     * OpenID nonce instead. A public client always uses PKCE.</li>
     * </ul>
     */
    public ClientMetadataValidator withDefaults(List<String> defaultResources, boolean confidentialPkceDefault) {
        ClientMetadataValidator copy = new ClientMetadataValidator(supportedMethods, supportedGrants,
                confidentialOnlyGrants, serverScopes, defaultScopes, resourceAllowed, serverWideFapi2);
        copy.defaultResources = List.copyOf(defaultResources);
        copy.confidentialPkceDefault = confidentialPkceDefault;
        copy.implicitAllowed = implicitAllowed;
        return copy;
    }

    /** Issue #14: whether clients may register the implicit response types ({@code jeton.oidc.implicit.enabled}). */
    private boolean implicitAllowed;

    /** This validator, letting clients register {@code id_token} and {@code id_token token} when {@code allowed}. */
    public ClientMetadataValidator allowingImplicit(boolean allowed) {
        ClientMetadataValidator copy = withDefaults(defaultResources, confidentialPkceDefault);
        copy.implicitAllowed = allowed;
        return copy;
    }

    /** The validated metadata, or the error to answer with. */
    public sealed interface Result {
        record Valid(ClientMetadata metadata) implements Result {
        }

        record Invalid(RegistrationError error) implements Result {
        }
    }

    private static final class Refused extends Exception {
        final RegistrationError error;

        Refused(RegistrationError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }

    public Result validate(JsonObject input) {
        try {
            return new Result.Valid(check(Objects.requireNonNull(input)));
        } catch (Refused e) {
            return new Result.Invalid(e.error);
        }
    }

    private ClientMetadata check(JsonObject o) throws Refused {
        String name = string(o, "client_name");
        if (name != null && (name.isBlank() || name.length() > 200)) {
            throw metadata("client_name must be 1 to 200 characters.");
        }
        String methodName = string(o, "token_endpoint_auth_method");
        ClientAuthMethod method = methodName == null ? ClientAuthMethod.CLIENT_SECRET_BASIC
                : ClientAuthMethod.fromWire(methodName).filter(supportedMethods::contains).orElseThrow(() ->
                metadata("token_endpoint_auth_method must be one of " + wire(supportedMethods) + "."));
        // FAPI 2.0 Security Profile §5.3.2.1: confidential clients with private_key_jwt or mutual TLS only
        if (serverWideFapi2 && !method.allowedUnderFapi2()) {
            throw metadata("This server holds every client to the FAPI 2.0 Security Profile: "
                    + "token_endpoint_auth_method must be private_key_jwt, tls_client_auth or "
                    + "self_signed_tls_client_auth.");
        }
        ClientKeyMetadata keys;
        dev.jeton.client.CertificateMetadata certificate;
        try {
            keys = ClientKeyMetadata.check(o, method, ClientKeyMetadata.DeclaredBy.CLIENT);
            certificate = dev.jeton.client.CertificateMetadata.check(o, method);
        } catch (ClientKeyMetadata.Invalid e) {
            throw metadata(e.getMessage() + ".");
        }

        Set<String> grants = strings(o, "grant_types", Set.of("authorization_code"));
        for (String grant : grants) {
            if (grant.equals(OidcClientOptions.IMPLICIT_GRANT)) {
                continue; // issue #14: not a token endpoint grant; OidcClientOptions.check decides
            }
            if (!supportedGrants.contains(grant)) {
                throw metadata("The grant type '" + grant + "' is not supported; supported: "
                        + new java.util.TreeSet<>(supportedGrants) + ".");
            }
            if (method == ClientAuthMethod.NONE && confidentialOnlyGrants.contains(grant)) {
                throw metadata("A public client (token_endpoint_auth_method none) cannot use " + grant + ".");
            }
        }
        Set<String> responseTypes = strings(o, "response_types",
                grants.contains("authorization_code") ? Set.of("code") : Set.of());
        for (String type : responseTypes) {
            if (!type.equals("code") && !(implicitAllowed && OidcClientOptions.IMPLICIT_RESPONSE_TYPES.contains(type))) {
                throw metadata("The response type '" + type + "' is not supported; supported: code"
                        + (implicitAllowed ? ", id_token, id_token token." : "."));
            }
        }
        // RFC 7591 §2.1: the code response type goes with the authorization_code grant, both ways
        if (responseTypes.contains("code") != grants.contains("authorization_code")) {
            throw metadata("response_types code and grant_types authorization_code go together.");
        }

        List<String> redirectUris = redirectUris(o);
        if ((grants.contains("authorization_code") || grants.contains(OidcClientOptions.IMPLICIT_GRANT))
                && redirectUris.isEmpty()) {
            throw new Refused(RegistrationError.invalidRedirectUri(
                    "A client of the authorization_code grant needs at least one redirect URI."));
        }
        // FAPI 2.0 Security Profile §5.3.2.2 (8) (a loopback redirect by IP literal only); §5.4.1 (algorithms)
        if (serverWideFapi2 && !redirectUris.stream().allMatch(dev.jeton.client.Fapi2RedirectUris::allowed)) {
            throw new Refused(RegistrationError.invalidRedirectUri("This server holds every client to the FAPI 2.0 "
                    + "Security Profile: a plain http redirect URI only for 127.0.0.1 or [::1]."));
        }
        if (serverWideFapi2 && keys.tokenEndpointAuthSigningAlg() != null && !dev.jeton.client.ClientSigningAlgorithms
                .FAPI2.contains(com.nimbusds.jose.JWSAlgorithm.parse(keys.tokenEndpointAuthSigningAlg()))) {
            throw metadata("This server holds every client to the FAPI 2.0 Security Profile: "
                    + "token_endpoint_auth_signing_alg must be PS256, ES256 or EdDSA.");
        }

        String scope = string(o, "scope");
        // RFC 7591 §2: a space-separated list of scope values as in RFC 6749 §3.3, parsed strictly
        Set<String> scopes = scope == null ? defaultScopes() : scope.isEmpty() ? new LinkedHashSet<>()
                : new LinkedHashSet<>(Scope.parse(scope)
                .orElseThrow(() -> metadata("scope is not a space-separated list of scopes (RFC 6749 section 3.3)."))
                .tokens());
        for (String token : scopes) {
            if (Scope.isReserved(token) || (!serverScopes.isEmpty() && !serverScopes.contains(token))) {
                throw metadata("The scope '" + token + "' cannot be registered.");
            }
        }

        String alg = string(o, "id_token_signed_response_alg");
        SigningAlgorithm idTokenAlg = alg == null ? null : SigningAlgorithm.parse(alg).orElseThrow(() ->
                metadata("id_token_signed_response_alg must be RS256 or ES256."));
        // FAPI 2.0 Security Profile §5.4.1: PS256, ES256 or EdDSA
        if (serverWideFapi2 && idTokenAlg == SigningAlgorithm.RS256) {
            throw metadata("This server holds every client to the FAPI 2.0 Security Profile: no RS256 ID tokens.");
        }
        boolean requirePkce = bool(o, "require_pkce", method == ClientAuthMethod.NONE || confidentialPkceDefault);
        if (serverWideFapi2 && !requirePkce) {
            throw metadata("This server holds every client to the FAPI 2.0 Security Profile: PKCE is required.");
        }
        // RFC 9700 §2.1.1: "Public clients MUST use PKCE"
        if (!requirePkce && method == ClientAuthMethod.NONE) {
            throw metadata("A public client (token_endpoint_auth_method none) always uses PKCE: require_pkce "
                    + "cannot be false.");
        }
        boolean namesResources = o.get("resources") != null && o.get("resources") != JsonValue.NULL;
        return new ClientMetadata(name, redirectUris, method, grants, responseTypes, scopes, idTokenAlg, requirePkce,
                keys, namesResources ? resources(o) : defaultResources, certificate, logout(o), !namesResources,
                oidc(o, grants, redirectUris));
    }

    /** Issue #14: the OpenID Connect Dynamic OP members, checked as the clients file checks them. */
    private OidcClientOptions oidc(JsonObject o, Set<String> grants, List<String> redirectUris) throws Refused {
        try {
            OidcClientOptions oidc = OidcClientOptions.check(o, grants, implicitAllowed, serverWideFapi2,
                    redirectUris);
            if (!oidc.implicitResponseTypes().isEmpty()) {
                OidcClientOptions.checkImplicitRedirectUris(redirectUris);
            }
            return oidc;
        } catch (OidcClientOptions.Invalid e) {
            throw metadata(e.getMessage() + ".");
        }
    }

    /** RP-Initiated Logout 1.0 §3.1 and Back-Channel Logout 1.0 §2.2 metadata, and what logout revokes (issue #18). */
    private ClientLogout logout(JsonObject o) throws Refused {
        List<String> postLogout = new ArrayList<>();
        JsonValue value = o.get("post_logout_redirect_uris");
        if (value != null && value != JsonValue.NULL) {
            if (!(value instanceof JsonArray array) || array.size() > 20) {
                throw metadata("post_logout_redirect_uris must be an array of at most 20 URIs.");
            }
            for (JsonValue v : array) {
                if (!(v instanceof JsonString s) || !ClientLogout.validPostLogoutRedirectUri(s.getString())) {
                    throw metadata("post_logout_redirect_uris must be absolute http(s) URIs without a fragment.");
                }
                if (!postLogout.contains(s.getString())) {
                    postLogout.add(s.getString());
                }
            }
        }
        String backchannel = string(o, "backchannel_logout_uri");
        if (backchannel != null && !ClientLogout.validBackchannelUri(backchannel)) {
            throw metadata("backchannel_logout_uri must be an absolute http(s) URI without a fragment.");
        }
        Boolean revokes = o.containsKey("logout_revokes_refresh_tokens")
                ? bool(o, "logout_revokes_refresh_tokens", true) : null;
        return new ClientLogout(postLogout, backchannel, bool(o, "backchannel_logout_session_required", false),
                revokes);
    }

    /** RFC 8707 §2 values, each one the operator allows to every registered client. */
    private List<String> resources(JsonObject o) throws Refused {
        JsonValue value = o.get("resources");
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || array.size() > ResourceIndicators.MAX_COUNT) {
            throw metadata("resources must be an array of at most " + ResourceIndicators.MAX_COUNT + " URIs.");
        }
        List<String> resources = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s) || !ResourceIndicators.wellFormed(s.getString())) {
                throw metadata("resources must be absolute URIs without a fragment (RFC 8707 section 2).");
            }
            if (!resourceAllowed.test(s.getString())) {
                throw metadata("The resource '" + s.getString() + "' cannot be registered.");
            }
            if (!resources.contains(s.getString())) {
                resources.add(s.getString());
            }
        }
        return resources;
    }

    private Set<String> defaultScopes() {
        Set<String> scopes = new LinkedHashSet<>();
        defaultScopes.stream().filter(s -> !Scope.isReserved(s)).forEach(scopes::add);
        return scopes;
    }

    private static List<String> redirectUris(JsonObject o) throws Refused {
        JsonValue value = o.get("redirect_uris");
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            throw new Refused(RegistrationError.invalidRedirectUri("redirect_uris must be an array of URIs."));
        }
        if (array.size() > MAX_REDIRECT_URIS) {
            throw new Refused(RegistrationError.invalidRedirectUri("At most " + MAX_REDIRECT_URIS
                    + " redirect URIs."));
        }
        List<String> uris = new ArrayList<>();
        for (JsonValue v : array) {
            if (!(v instanceof JsonString s)) {
                throw new Refused(RegistrationError.invalidRedirectUri("redirect_uris must be an array of URIs."));
            }
            String uri = s.getString();
            checkRedirectUri(uri);
            if (!uris.contains(uri)) {
                uris.add(uri);
            }
        }
        return uris;
    }

    /**
     * RFC 6749 §3.1.2: absolute, no fragment. RFC 9700 §4.1 / RFC 8252 §7.3 and §8.3: https, or
     * plain http only to a loopback address on the user's own machine.
     */
    static void checkRedirectUri(String value) throws Refused {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new Refused(RegistrationError.invalidRedirectUri("A redirect URI is not a valid URI."));
        }
        if (value.length() > MAX_URI_LENGTH || !uri.isAbsolute() || uri.getHost() == null) {
            throw new Refused(RegistrationError.invalidRedirectUri("A redirect URI must be an absolute URL."));
        }
        if (uri.getRawFragment() != null || value.contains("#")) {
            throw new Refused(RegistrationError.invalidRedirectUri("A redirect URI must not have a fragment."));
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused(RegistrationError.invalidRedirectUri("A redirect URI must not carry user information."));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean loopback = LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
        if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
            throw new Refused(RegistrationError.invalidRedirectUri(
                    "A redirect URI must use https (plain http only for a loopback address)."));
        }
    }

    private static String string(JsonObject o, String name) throws Refused {
        return JsonMembers.string(o, name, message -> metadata(message + "."));
    }

    private static boolean bool(JsonObject o, String name, boolean fallback) throws Refused {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return fallback;
        }
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw metadata(name + " must be true or false.");
        }
        return v == JsonValue.TRUE;
    }

    private static Set<String> strings(JsonObject o, String name, Set<String> fallback) throws Refused {
        return new LinkedHashSet<>(JsonMembers.strings(o, name, List.copyOf(fallback),
                message -> metadata(message + ".")));
    }

    private static String wire(Set<ClientAuthMethod> methods) {
        return methods.stream().sorted().map(ClientAuthMethod::wireValue).toList().toString();
    }

    private static Refused metadata(String description) {
        return new Refused(RegistrationError.invalidMetadata(description));
    }
}
