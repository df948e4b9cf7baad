package dev.jeton.authorize;

import dev.jeton.vocabulary.Scope;
import dev.jeton.vocabulary.TokenHashes;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1):
 * everything needed to finish it once the user has signed in and consented. Kept in the
 * user's HTTP session while that happens, so it is serializable and holds plain data only.
 *
 * @param redirectUri   exactly one of the client's registered redirect URIs (RFC 6749 §3.1.2.3)
 * @param scope         the granted scope, space-separated (RFC 6749 §3.3); may be empty
 * @param state         the client's opaque state, returned unchanged, or null
 * @param codeChallenge the S256 PKCE challenge (RFC 7636 §4.2), or null for a client allowed to go without
 *                      PKCE ({@code RegisteredClient#pkceRequired}) in an OpenID request
 * @param nonce         the OpenID nonce (OIDC Core §3.1.2.1), or null
 * @param prompts       the OpenID prompt values (OIDC Core §3.1.2.1), empty when none were sent
 * @param maxAge        the OpenID max_age in seconds, or null
 * @param claims        the OIDC Core §5.5 claims request, as the JSON object text, or null
 * @param loginHint     a hint for the sign-in page's username field, or null
 * @param responseMode  how the response goes back (query, or form_post)
 * @param pushedRequest the hash of the request_uri the request was pushed under (RFC 9126), spent when the
 *                      authorization completes; null for a request sent to the authorization endpoint itself
 * @param dpopJkt       the JWK thumbprint the code is bound to (RFC 9449 §10: dpop_jkt, or the key of a DPoP
 *                      proof sent with the pushed request), or null
 * @param resources     the resources (RFC 8707) the client asked for, allowed by policy; empty for none
 * @param responseType  {@code code}, or an implicit response type ({@code id_token}, {@code id_token token};
 *                      OIDC Core §3.2) when the operator enabled them
 */
public record AuthorizationRequest(String clientId, String redirectUri, String scope, String state,
                                   String codeChallenge, String nonce, Set<Prompt> prompts, Long maxAge,
                                   String claims, String loginHint, ResponseMode responseMode,
                                   String pushedRequest, String dpopJkt, List<String> resources,
                                   String responseType)
        implements Serializable {

    /** A code flow request (RFC 6749 §4.1.1). */
    public AuthorizationRequest(String clientId, String redirectUri, String scope, String state, String codeChallenge,
                                String nonce, Set<Prompt> prompts, Long maxAge, String claims, String loginHint,
                                ResponseMode responseMode, String pushedRequest, String dpopJkt,
                                List<String> resources) {
        this(clientId, redirectUri, scope, state, codeChallenge, nonce, prompts, maxAge, claims, loginHint,
                responseMode, pushedRequest, dpopJkt, resources, CODE);
    }

    /** RFC 6749 §4.1.1. */
    public static final String CODE = "code";

    /** OIDC Core §3.2: the response carries tokens (in the fragment or a form post), not a code. */
    public boolean implicit() {
        return !CODE.equals(responseType);
    }

    /** A request for no particular resource. */
    public AuthorizationRequest(String clientId, String redirectUri, String scope, String state, String codeChallenge,
                                String nonce, Set<Prompt> prompts, Long maxAge, String claims, String loginHint,
                                ResponseMode responseMode, String pushedRequest, String dpopJkt) {
        this(clientId, redirectUri, scope, state, codeChallenge, nonce, prompts, maxAge, claims, loginHint,
                responseMode, pushedRequest, dpopJkt, List.of());
    }

    /** A request sent to the authorization endpoint itself (not pushed), without dpop_jkt. */
    public AuthorizationRequest(String clientId, String redirectUri, String scope, String state, String codeChallenge,
                                String nonce, Set<Prompt> prompts, Long maxAge, String claims, String loginHint,
                                ResponseMode responseMode) {
        this(clientId, redirectUri, scope, state, codeChallenge, nonce, prompts, maxAge, claims, loginHint,
                responseMode, null, null);
    }

    /** A request answered in the default response mode of the code flow, query. */
    public AuthorizationRequest(String clientId, String redirectUri, String scope, String state, String codeChallenge,
                                String nonce, Set<Prompt> prompts, Long maxAge, String claims, String loginHint) {
        this(clientId, redirectUri, scope, state, codeChallenge, nonce, prompts, maxAge, claims, loginHint,
                ResponseMode.QUERY);
    }

    public AuthorizationRequest {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        prompts = Set.copyOf(prompts);
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(responseMode, "responseMode");
        responseType = responseType == null ? CODE : responseType;
    }

    /** This request, pushed under the request_uri whose hash is {@code uriHash}. */
    public AuthorizationRequest pushedAs(String uriHash) {
        return new AuthorizationRequest(clientId, redirectUri, scope, state, codeChallenge, nonce, prompts, maxAge,
                claims, loginHint, responseMode, uriHash, dpopJkt, resources, responseType);
    }

    /** The granted scope as a set, in request order. */
    public Set<String> scopes() {
        return Scope.ofIssued(scope).tokens();
    }

    /**
     * What the user consents to: the scopes, and each resource (RFC 8707) as a marker of its hash, so
     * that a remembered consent covers a request only when it covers its resources too (a new resource
     * asks again). The markers fit the scope grammar the consent store keeps.
     */
    public Set<String> consentItems() {
        Set<String> items = new LinkedHashSet<>(scopes());
        for (String resource : resources) {
            items.add(RESOURCE_CONSENT + TokenHashes.sha256(resource));
        }
        return items;
    }

    /** The prefix of a resource's consent marker. */
    public static final String RESOURCE_CONSENT = "urn:jeton:consent:resource:";

    /** OIDC Core §3.1.2.1: an OpenID request is one whose scope contains {@code openid}. */
    public boolean openId() {
        return scopes().contains("openid");
    }

    public boolean prompts(Prompt prompt) {
        return prompts.contains(prompt);
    }
}
