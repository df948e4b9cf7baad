package dev.jeton.client;

import dev.jeton.config.SigningAlgorithm;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an OpenID Connect client registered for the Dynamic OP features (OIDC Registration §2), checked
 * the same way whether the operator's clients file or the client's own registration declares it.
 *
 * @param userinfoSignedResponseAlg {@code userinfo_signed_response_alg}: userinfo answers as a JWT signed with
 *                                  this algorithm (OIDC Core §5.3.2); null for plain JSON
 * @param implicitResponseTypes     the implicit response types it registered in {@code response_types}
 *                                  ({@code id_token}, {@code id_token token}; OIDC Core §3.2); {@code code} is
 *                                  implied by the authorization_code grant and not kept here
 * @param requestUris               {@code request_uris}: the URLs (without fragment) its request objects may be
 *                                  fetched from (OIDC Core §6.2, OIDC Registration §2)
 * @param links                     its logo and links for the sign-in and consent pages (OIDC Registration §2);
 *                                  never null
 * @param pairwise                  its sector when it registered {@code subject_type} {@code pairwise} (OIDC Core
 *                                  §8.1); null for public subject identifiers
 */
public record OidcClientOptions(SigningAlgorithm userinfoSignedResponseAlg, Set<String> implicitResponseTypes,
                                List<String> requestUris, ClientLinks links, PairwiseSector pairwise) {

    /** The grant type value of the implicit flow (RFC 7591 §2, OIDC Registration §2). */
    public static final String IMPLICIT_GRANT = "implicit";
    /** OIDC Core §3.2.2.1: the implicit response types Jeton can serve (never a bare {@code token}). */
    public static final Set<String> IMPLICIT_RESPONSE_TYPES = Set.of("id_token", "id_token token");
    static final int MAX_REQUEST_URIS = 10;
    static final int MAX_URI_LENGTH = 1000;

    public static final OidcClientOptions NONE = new OidcClientOptions(null, Set.of(), List.of());

    public OidcClientOptions {
        implicitResponseTypes = implicitResponseTypes == null ? Set.of() : Set.copyOf(implicitResponseTypes);
        requestUris = requestUris == null ? List.of() : List.copyOf(requestUris);
        links = ClientLinks.orNone(links);
    }

    /** Options of a client of public subject identifiers. */
    public OidcClientOptions(SigningAlgorithm userinfoSignedResponseAlg, Set<String> implicitResponseTypes,
                             List<String> requestUris, ClientLinks links) {
        this(userinfoSignedResponseAlg, implicitResponseTypes, requestUris, links, null);
    }

    /** These options with {@code sector} for pairwise subject identifiers (null: public ones). */
    public OidcClientOptions withPairwise(PairwiseSector sector) {
        return new OidcClientOptions(userinfoSignedResponseAlg, implicitResponseTypes, requestUris, links, sector);
    }

    /** Options without a logo or links. */
    public OidcClientOptions(SigningAlgorithm userinfoSignedResponseAlg, Set<String> implicitResponseTypes,
                             List<String> requestUris) {
        this(userinfoSignedResponseAlg, implicitResponseTypes, requestUris, ClientLinks.NONE);
    }

    public static OidcClientOptions orNone(OidcClientOptions options) {
        return options == null ? NONE : options;
    }

    /** Metadata that cannot be honoured; the message is safe to show and to log. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the members from {@code o}.
     *
     * @param grants           the client's grant types, already checked
     * @param implicitAllowed  whether implicit response types may be registered at all (the operator's
     *                         {@code jeton.oidc.implicit.enabled} for a client registering itself; the clients file
     *                         may declare them, they are then served only while the setting is on)
     * @param fapi2            the client is held to the FAPI 2.0 Security Profile (§5.3.2.2: code flow only)
     */
    public static OidcClientOptions check(JsonObject o, Set<String> grants, boolean implicitAllowed, boolean fapi2)
            throws Invalid {
        return check(o, grants, implicitAllowed, fapi2, List.of());
    }

    /** @param redirectUris the client's redirect URIs, already checked: the sector of a pairwise client (§8.1) */
    public static OidcClientOptions check(JsonObject o, Set<String> grants, boolean implicitAllowed, boolean fapi2,
                                          List<String> redirectUris) throws Invalid {
        SigningAlgorithm userinfoAlg = null;
        String alg = string(o, "userinfo_signed_response_alg");
        if (alg != null) {
            // OIDC Registration §2: an algorithm the OP cannot sign with is refused, never silently ignored
            userinfoAlg = SigningAlgorithm.parse(alg).orElseThrow(() -> new Invalid(
                    "userinfo_signed_response_alg must be one of " + signingAlgorithms()));
            // FAPI 2.0 Security Profile §5.4.1: PS256, ES256 or EdDSA, as for its ID tokens
            if (fapi2 && userinfoAlg == SigningAlgorithm.RS256) {
                throw new Invalid("userinfo_signed_response_alg RS256 is not allowed under the FAPI 2.0 profile");
            }
        }
        Set<String> implicit = new LinkedHashSet<>();
        for (String type : strings(o, "response_types")) {
            if (IMPLICIT_RESPONSE_TYPES.contains(type)) {
                implicit.add(type);
            }
        }
        if (!implicit.isEmpty() && (!implicitAllowed || fapi2)) {
            // RFC 9700 §2.1.2: the implicit grant SHOULD NOT be used; FAPI 2.0 SP §5.3.2.2: code only
            throw new Invalid("The response types " + implicit + " are not offered by this server");
        }
        // OIDC Registration §2: response_types id_token (token) go with grant_types implicit, both ways
        if (!implicit.isEmpty() != grants.contains(IMPLICIT_GRANT)) {
            throw new Invalid("response_types id_token or id_token token and grant_types implicit go together");
        }
        return new OidcClientOptions(userinfoAlg, implicit, requestUris(o), ClientLinks.read(o),
                PairwiseSector.read(o, redirectUris).orElse(null));
    }

    /** OIDC Registration §2 request_uris: absolute https URLs (a fragment is allowed and ignored when matching). */
    private static List<String> requestUris(JsonObject o) throws Invalid {
        List<String> values = strings(o, "request_uris");
        if (values.size() > MAX_REQUEST_URIS) {
            throw new Invalid("request_uris has more than " + MAX_REQUEST_URIS + " entries");
        }
        List<String> uris = new ArrayList<>();
        for (String value : values) {
            if (!isHttpsUrl(value)) {
                throw new Invalid("request_uris must be absolute https URLs");
            }
            if (!uris.contains(value)) {
                uris.add(value);
            }
        }
        return uris;
    }

    /**
     * OIDC Registration §2 redirect_uris: "Web Clients using the OAuth Implicit Grant Type MUST only register URLs
     * using the https scheme as redirect_uris; they MUST NOT use localhost as the hostname."
     */
    public static void checkImplicitRedirectUris(List<String> redirectUris) throws Invalid {
        for (String uri : redirectUris) {
            if (!isHttpsUrl(uri) || "localhost".equalsIgnoreCase(URI.create(uri).getHost())) {
                throw new Invalid("a client of the implicit flow registers https redirect URIs only, not localhost");
            }
        }
    }

    static boolean isHttpsUrl(String value) {
        if (value.length() > MAX_URI_LENGTH) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * OIDC Core §6.2 and OIDC Registration §2: whether {@code requestUri} is one of the registered
     * request_uris, compared as strings without their fragments (the fragment only tells the client's
     * cached versions apart).
     */
    public boolean registeredRequestUri(String requestUri) {
        String wanted = withoutFragment(requestUri);
        return requestUris.stream().map(OidcClientOptions::withoutFragment).anyMatch(wanted::equals);
    }

    public static String withoutFragment(String uri) {
        int hash = uri.indexOf('#');
        return hash < 0 ? uri : uri.substring(0, hash);
    }

    /** The algorithms Jeton signs with, as registration and discovery name them. */
    public static List<String> signingAlgorithms() {
        return java.util.Arrays.stream(SigningAlgorithm.values()).map(Enum::name).toList();
    }

    private static String string(JsonObject o, String name) throws Invalid {
        return JsonMembers.string(o, name, Invalid::new);
    }

    private static List<String> strings(JsonObject o, String name) throws Invalid {
        return JsonMembers.strings(o, name, List.of(), Invalid::new);
    }
}
