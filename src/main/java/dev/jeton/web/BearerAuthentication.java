package dev.jeton.web;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.grant.refresh.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.lifecycle.RevocationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.text.ParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Access to our own protected endpoints with one of our access tokens (RFC 6750 §2.1): one
 * {@code Authorization: Bearer} header, a valid token not revoked with its family, and the scope
 * the endpoint needs. Refusals are RFC 6750 §3 challenges.
 */
@ApplicationScoped
public class BearerAuthentication {

    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    TokenFamilyStore families;
    @Inject
    RevocationStore revocations;

    /** The outcome: the token's claims and scopes, or the response to send instead. */
    public sealed interface Result {
        record Allowed(JWTClaimsSet claims, Set<String> scopes) implements Result {
        }

        record Refused(Response response) implements Result {
        }
    }

    public Result check(HttpHeaders headers, String requiredScope) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isEmpty()) {
            return refuse(401, null, null, requiredScope);
        }
        String header = authorization.get(0).strip();
        if (authorization.size() > 1 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(400, "invalid_request", "Send one access token as Authorization: Bearer.", requiredScope);
        }
        JWTClaimsSet claims = verifier.verify(header.substring(7).strip()).orElse(null);
        if (claims == null || families.isAccessTokenRevoked(claims.getJWTID())
                || revocations.isRevoked(claims.getJWTID())) {
            return refuse(401, "invalid_token", "The access token is invalid, expired or revoked.", requiredScope);
        }
        Set<String> scopes = scopes(claims);
        if (!scopes.contains(requiredScope)) {
            return refuse(403, "insufficient_scope", "The access token was not issued for " + requiredScope + ".",
                    requiredScope);
        }
        return new Result.Allowed(claims, scopes);
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        try {
            String scope = claims.getStringClaim("scope");
            return scope == null ? Set.of() : Set.copyOf(Arrays.asList(scope.split(" ")));
        } catch (ParseException e) {
            return Set.of();
        }
    }

    /** RFC 6750 §3: the Bearer challenge, with error attributes when a token was presented. */
    private static Result refuse(int status, String error, String description, String scope) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"jeton\"");
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"").append(description)
                    .append('"');
        }
        if ("insufficient_scope".equals(error)) {
            challenge.append(", scope=\"").append(scope).append('"');
        }
        Response.ResponseBuilder response = OAuthResponses.noStore(Response.status(status))
                .header("WWW-Authenticate", challenge.toString());
        if (error != null) {
            response.entity(JSONP.createObjectBuilder().add("error", error).add("error_description", description)
                    .build().toString()).type(OAuthResponses.JSON);
        }
        return new Result.Refused(response.build());
    }
}
