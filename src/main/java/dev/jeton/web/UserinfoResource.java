package dev.jeton.web;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.grant.refresh.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.user.ClaimsSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The UserInfo endpoint (OIDC Core §5.3): the claims about the signed-in user that the access
 * token's scopes allow. Bearer tokens in the Authorization header (RFC 6750 §2.1); errors are
 * RFC 6750 §3 challenges.
 */
@Path("/oauth/userinfo")
@ApplicationScoped
@Tag(name = "OpenID Connect")
public class UserinfoResource {

    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    TokenFamilyStore families;
    @Inject
    ClaimsSource claimsSource;

    @GET
    @Operation(summary = "UserInfo (OIDC Core section 5.3)")
    @APIResponse(responseCode = "200", description = "The user's claims, as JSON.")
    @APIResponse(responseCode = "401", description = "No token, or an invalid, expired or revoked one "
            + "(WWW-Authenticate: Bearer, RFC 6750 section 3).")
    @APIResponse(responseCode = "403", description = "The token lacks the openid scope (insufficient_scope).")
    public Response get(@Context HttpHeaders headers) {
        return userinfo(headers);
    }

    @POST
    @Operation(summary = "UserInfo by POST (OIDC Core section 5.3.1)")
    @APIResponse(responseCode = "200", description = "The user's claims, as JSON.")
    @APIResponse(responseCode = "401", description = "No token, or an invalid one.")
    @APIResponse(responseCode = "403", description = "The token lacks the openid scope.")
    public Response post(@Context HttpHeaders headers) {
        return userinfo(headers);
    }

    private Response userinfo(HttpHeaders headers) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isEmpty()) {
            return challenge(401, null, null);
        }
        String header = authorization.get(0).strip();
        if (authorization.size() > 1 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return challenge(400, "invalid_request", "Send one access token as Authorization: Bearer.");
        }
        JWTClaimsSet claims = verifier.verify(header.substring(7).strip()).orElse(null);
        if (claims == null || families.isAccessTokenRevoked(claims.getJWTID())) {
            return challenge(401, "invalid_token", "The access token is invalid, expired or revoked.");
        }
        Set<String> scopes = scopes(claims);
        if (!scopes.contains("openid")) {
            return challenge(403, "insufficient_scope", "The access token was not issued for openid.");
        }
        JsonObjectBuilder body = JSONP.createObjectBuilder().add("sub", claims.getSubject());
        for (Map.Entry<String, Object> claim : claimsSource.claims(claims.getSubject(), scopes, Set.of()).entrySet()) {
            if (!claim.getKey().equals("sub")) {
                add(body, claim.getKey(), claim.getValue());
            }
        }
        return OAuthResponses.noStore(Response.ok(body.build().toString(), OAuthResponses.JSON)).build();
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        try {
            String scope = claims.getStringClaim("scope");
            return scope == null ? Set.of() : Set.copyOf(Arrays.asList(scope.split(" ")));
        } catch (ParseException e) {
            return Set.of();
        }
    }

    private static void add(JsonObjectBuilder body, String name, Object value) {
        if (value instanceof Boolean b) {
            body.add(name, b);
        } else if (value instanceof Number n) {
            body.add(name, n.longValue());
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder nested = JSONP.createObjectBuilder();
            map.forEach((k, v) -> add(nested, String.valueOf(k), v));
            body.add(name, nested);
        } else if (value instanceof Collection<?> list) {
            var array = JSONP.createArrayBuilder();
            list.forEach(v -> array.add(String.valueOf(v)));
            body.add(name, array);
        } else if (value != null) {
            body.add(name, String.valueOf(value));
        }
    }

    /** RFC 6750 §3: the Bearer challenge, with error attributes when a token was presented. */
    private static Response challenge(int status, String error, String description) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"jeton\"");
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"").append(description)
                    .append('"');
        }
        if ("insufficient_scope".equals(error)) {
            challenge.append(", scope=\"openid\"");
        }
        Response.ResponseBuilder response = OAuthResponses.noStore(Response.status(status))
                .header("WWW-Authenticate", challenge.toString());
        if (error != null) {
            response.entity(JSONP.createObjectBuilder().add("error", error).add("error_description", description)
                    .build().toString()).type(OAuthResponses.JSON);
        }
        return response.build();
    }
}
