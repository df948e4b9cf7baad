package dev.jeton.web;

import dev.jeton.vocabulary.Scope;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.client.ClientSigningAlgorithms;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.dpop.ConfirmationKey;
import dev.jeton.dpop.DpopFailure;
import dev.jeton.dpop.DpopVerifier;
import dev.jeton.lifecycle.LiveAccessTokens;
import dev.jeton.request.FormEncoding;
import dev.jeton.request.FormParameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Access to our own protected endpoints with one of our access tokens (RFC 6750 §2.1): one
 * {@code Authorization: Bearer} header, a valid token not revoked with its family, and the scope
 * the endpoint needs. Refusals are RFC 6750 §3 challenges.
 */
@ApplicationScoped
public class BearerAuthentication {

    private static final JsonProvider JSONP = JsonProvider.provider();
    /** RFC 6750 §2.2, §2.3: the parameter that carries the token in a form body or a query. */
    static final String BODY_PARAMETER = "access_token";

    @Inject
    LiveAccessTokens liveAccessTokens;
    @Inject
    DpopVerifier dpop;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;
    @Inject
    dev.jeton.client.ClientStore clients;
    /** The current request (a CDI built-in bean): its TLS client certificate, for certificate-bound tokens. */
    @Inject
    jakarta.servlet.http.HttpServletRequest servletRequest;
    @Inject
    ClientCertificates certificates;

    /** The outcome: the token's claims and scopes, or the response to send instead. */
    public sealed interface Result {
        record Allowed(JWTClaimsSet claims, Set<String> scopes) implements Result {
        }

        record Refused(Response response) implements Result {
        }
    }

    /**
     * The current request's token, by the Bearer or the DPoP scheme: every protected endpoint of ours takes
     * DPoP-bound tokens with a proof for this request (RFC 9449 §7), with nonces and {@code WWW-Authenticate:
     * DPoP} challenges as at userinfo (§7.1, §9). The method and URL are the servlet request's.
     */
    public Result check(HttpHeaders headers, String requiredScope) {
        return check(headers, servletRequest.getMethod(), currentRequestUri(), requiredScope);
    }

    /** The URL of the current request with its query (which may not carry a token, RFC 6750 §2.3 here). */
    private URI currentRequestUri() {
        String url = servletRequest.getRequestURL().toString();
        String query = servletRequest.getQueryString();
        try {
            return URI.create(query == null ? url : url + "?" + query);
        } catch (IllegalArgumentException e) {
            // QueryStringFilter refuses a malformed query before any endpoint; without it, the path still counts
            return URI.create(url);
        }
    }

    /**
     * Also accepts DPoP-bound tokens with the {@code DPoP} scheme and a proof for this request
     * (RFC 9449 §7): {@code ath} must hash the token and the proof's key must be the token's
     * {@code cnf.jkt}. A DPoP-bound token presented as a bearer token is refused (§7.2), or its
     * theft would be as good as the key.
     *
     * @param method     the request's HTTP method; null where DPoP is not accepted
     * @param requestUri the URL the request was made to
     */
    public Result check(HttpHeaders headers, String method, URI requestUri, String requiredScope) {
        return check(headers, method, requestUri, null, requiredScope);
    }

    /**
     * Also takes the token from a form body (RFC 6750 §2.2) when {@code form} is the body of a form
     * POST: "Clients MUST NOT use more than one method to transmit the token in each request" (§2),
     * so a request with the token in two places (header, body, query) is invalid_request, as is one in
     * the query alone (§2.3 is a method Jeton does not accept: URIs end up in logs, §5.3).
     *
     * @param form the request's form body when it may carry the token (a POST with a form), else null
     */
    public Result check(HttpHeaders headers, String method, URI requestUri, FormParameters form,
                        String requiredScope) {
        boolean dpopAccepted = method != null;
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        boolean inHeader = authorization != null && !authorization.isEmpty();
        boolean inBody = form != null && form.names().contains(BODY_PARAMETER);
        boolean inQuery = queryNames(requestUri).contains(BODY_PARAMETER);
        if ((inHeader ? 1 : 0) + (inBody ? 1 : 0) + (inQuery ? 1 : 0) > 1) {
            return refuse(400, "invalid_request", "Send the access token in one way only (RFC 6750 section 2).",
                    requiredScope, false);
        }
        if (inQuery) {
            return refuse(400, "invalid_request", "An access token in the URI is not accepted; send it in the "
                    + "Authorization header" + (form != null ? " or the form body." : "."), requiredScope, false);
        }
        if (inBody) {
            List<String> values = form.all(BODY_PARAMETER);
            if (values.size() != 1 || values.get(0).isBlank()) {
                return refuse(400, "invalid_request", "Send one access_token.", requiredScope, false);
            }
            // RFC 6750 §2.2 is a bearer method: a DPoP-bound token sent this way is refused as a bearer one
            return verified(values.get(0).strip(), false, headers, method, requestUri, requiredScope);
        }
        if (!inHeader) {
            return refuse(401, null, null, requiredScope, dpopAccepted);
        }
        String header = authorization.get(0).strip();
        boolean bearer = header.regionMatches(true, 0, "Bearer ", 0, 7);
        boolean dpopScheme = dpopAccepted && header.regionMatches(true, 0, "DPoP ", 0, 5);
        if (authorization.size() > 1 || (!bearer && !dpopScheme)) {
            return refuse(400, "invalid_request", "Send one access token as Authorization: Bearer"
                    + (dpopAccepted ? " or DPoP." : "."), requiredScope, false);
        }
        return verified(header.substring(bearer ? 7 : 5).strip(), dpopScheme, headers, method, requestUri,
                requiredScope);
    }

    /** The token presented, by the DPoP scheme or as a bearer token (RFC 6750 §2.1, §2.2). */
    private Result verified(String token, boolean dpopScheme, HttpHeaders headers, String method, URI requestUri,
                            String requiredScope) {
        // one check for every taker of access tokens: signature, expiry, revocation, the client still enabled
        JWTClaimsSet claims = liveAccessTokens.live(token).orElse(null);
        if (claims == null) {
            return refuse(401, "invalid_token", "The access token is invalid, expired or revoked.", requiredScope,
                    dpopScheme);
        }
        if (!forThisServer(claims)) {
            // RFC 9068 §4, RFC 8707 §2: a token minted for another resource (an MCP server, a downstream
            // service of token exchange) is not one for Jeton's own endpoints
            return refuse(401, "invalid_token", "The access token is not for this server.", requiredScope,
                    dpopScheme);
        }
        ConfirmationKey bound = ConfirmationKey.of(claims);
        if ((bound.dpopBound() || (bound.constrained() && !bound.certificateBound())) && !dpopScheme) {
            // RFC 9449 §7.2: a DPoP-bound token presented as a bearer token; the challenge names DPoP
            // even where this endpoint takes bearer tokens only, so the client learns what is wrong
            return refuseDpop(401, "invalid_token", "The access token is bound to a DPoP key: use the DPoP "
                    + "scheme with a proof.", null);
        }
        String proofKey = null;
        if (dpopScheme) {
            if (!bound.dpopBound()) {
                return refuseDpop(401, "invalid_token", "The access token is not DPoP-bound: use the Bearer scheme.",
                        null);
            }
            Instant now = clock.instant();
            Optional<RegisteredClient> client = claims.getClaim("client_id") instanceof String id
                    ? clients.find(id) : Optional.empty();
            // the proof algorithms the token's client may use: a FAPI 2.0 client's only PS256, ES256 and EdDSA
            // (FAPI 2.0 Security Profile §5.4.1), here as at the token endpoint - one rule (ClientSigningAlgorithms)
            DpopVerifier.Result proof = dpop.verify(new DpopVerifier.Request(DpopHeaders.values(headers), method,
                    targets(requestUri), now, nonceRequired(client), token,
                    ClientSigningAlgorithms.forProofsOf(client)));
            if (proof instanceof DpopVerifier.Result.Refused refused) {
                if (refused.failure().nonceChallenge()) {
                    // RFC 9449 §9: a resource server's nonce challenge is a 401 use_dpop_nonce with a fresh nonce
                    Result.Refused challenge = (Result.Refused) refuseDpop(401, "use_dpop_nonce",
                            refused.failure().description(), null);
                    return new Result.Refused(Response.fromResponse(challenge.response())
                            .header(DpopHeaders.NONCE, dpop.currentNonce(now)).build());
                }
                return refuseDpop(401, "invalid_dpop_proof", refused.failure().description(), null);
            }
            proofKey = ((DpopVerifier.Result.Verified) proof).thumbprint();
        }
        // RFC 8705 §3: a certificate-bound token comes over a TLS connection with that certificate
        String certificate = bound.certificateBound()
                ? certificates.of(servletRequest).map(c -> c.thumbprint()).orElse(null) : null;
        switch (bound.unmet(proofKey, certificate)) {
            case DPOP_KEY, UNPROVABLE:
                return refuseDpop(401, "invalid_dpop_proof", DpopFailure.KEY_MISMATCH.description(), null);
            case CERTIFICATE:
                return refuse(401, "invalid_token", "The access token is bound to a TLS client certificate that "
                        + "this request did not present (RFC 8705 section 3).", requiredScope, dpopScheme);
            default:
                break;
        }
        Set<String> scopes = scopes(claims);
        if (!scopes.contains(requiredScope)) {
            return refuse(403, "insufficient_scope", "The access token was not issued for " + requiredScope + ".",
                    requiredScope, dpopScheme);
        }
        return new Result.Allowed(claims, scopes);
    }

    private static Set<String> queryNames(URI requestUri) {
        String query = requestUri == null ? null : requestUri.getRawQuery();
        if (query == null) {
            return Set.of();
        }
        try {
            return FormEncoding.parse(query.getBytes(StandardCharsets.US_ASCII)).names();
        } catch (FormEncoding.MalformedFormException e) {
            // QueryStringFilter refuses such a query before any endpoint sees it
            return Set.of();
        }
    }

    /**
     * Whether the token's {@code aud} names this server: the default audience of its access tokens
     * ({@code jeton.access-token.audience}), or the audience its client is registered with - what a
     * token carries when no resource was asked for (RFC 8707).
     */
    private boolean forThisServer(JWTClaimsSet claims) {
        List<String> audience = claims.getAudience();
        if (audience.contains(settings.accessTokenAudience())) {
            return true;
        }
        Object clientId = claims.getClaim("client_id");
        return clientId instanceof String id && clients.find(id)
                .map(c -> c.audience() != null && audience.contains(c.audience())).orElse(false);
    }

    /**
     * RFC 9449 §9: nonces at this resource when the server requires them everywhere
     * ({@code jeton.dpop.nonce-required}) or the token's client registered {@code dpop_nonce_required}.
     */
    private boolean nonceRequired(Optional<RegisteredClient> client) {
        return dpop.settings().nonceRequired() || client.map(c -> c.security().dpopNonceRequired()).orElse(false);
    }

    private List<URI> targets(URI requestUri) {
        String base = settings.issuer().toString().replaceAll("/+$", "");
        return List.of(requestUri, URI.create(base + requestUri.getRawPath()));
    }

    /** RFC 9449 §7.1: the DPoP challenge, with the algorithms we accept (and the scope for insufficient_scope). */
    private static Result refuseDpop(int status, String error, String description, String scope) {
        return new Result.Refused(OAuthResponses.noStore(Response.status(status))
                .header("WWW-Authenticate", dpopChallenge(error, description, scope))
                .entity(JSONP.createObjectBuilder().add("error", error).add("error_description", description)
                        .build().toString()).type(OAuthResponses.JSON).build());
    }

    private static String dpopChallenge(String error, String description, String scope) {
        StringBuilder challenge = new StringBuilder("DPoP algs=\"")
                .append(String.join(" ", ClientSigningAlgorithms.names())).append('"');
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"").append(description)
                    .append('"');
        }
        if (scope != null) {
            challenge.append(", scope=\"").append(scope).append('"');
        }
        return challenge.toString();
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        try {
            String scope = claims.getStringClaim("scope");
            // our own token: a scope that does not parse grants nothing (RFC 6749 §3.3)
            return scope == null ? Set.of() : Scope.parse(scope).map(Scope::tokens).orElse(Set.of());
        } catch (ParseException e) {
            return Set.of();
        }
    }

    /**
     * RFC 6750 §3: the Bearer challenge, with error attributes when a token was presented; the DPoP
     * challenge instead when the token came with the DPoP scheme (RFC 9449 §7.1).
     *
     * @param dpop the token came with the DPoP scheme; or, with no token ({@code error} null), the
     *             endpoint takes DPoP too, so both challenges are offered (RFC 9449 §7.1)
     */
    private static Result refuse(int status, String error, String description, String scope, boolean dpop) {
        String scopeAttribute = "insufficient_scope".equals(error) ? scope : null;
        if (dpop && error != null) {
            return refuseDpop(status, error, description, scopeAttribute);
        }
        StringBuilder challenge = new StringBuilder("Bearer realm=\"jeton\"");
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"").append(description)
                    .append('"');
        }
        if (scopeAttribute != null) {
            challenge.append(", scope=\"").append(scopeAttribute).append('"');
        }
        Response.ResponseBuilder response = OAuthResponses.noStore(Response.status(status))
                .header("WWW-Authenticate", challenge.toString());
        if (dpop) {
            // no token at all where DPoP is accepted too: offer both schemes
            response.header("WWW-Authenticate", dpopChallenge(null, null, null));
        }
        // RFC 6750 §3.1: no error code in the challenge when no token was sent; the body still says
        // what is wrong (an empty 401 would be replaced by the container's HTML error page)
        response.entity(JSONP.createObjectBuilder().add("error", error != null ? error : "invalid_token")
                .add("error_description", description != null ? description : "An access token is required.")
                .build().toString()).type(OAuthResponses.JSON);
        return new Result.Refused(response.build());
    }
}
