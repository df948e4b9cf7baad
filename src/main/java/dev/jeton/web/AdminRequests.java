package dev.jeton.web;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/**
 * What the admin resources ({@code /admin/users}, {@code /admin/clients}) share: the caller's authorization
 * (an access token with the scope {@code jeton.admin}, Bearer or DPoP, through {@link BearerAuthentication}),
 * the JSON body, and the answers, RFC-shaped and never cached.
 */
final class AdminRequests {

    static final String ADMIN_SCOPE = "jeton.admin";
    private static final JsonProvider JSONP = JsonProvider.provider();

    private AdminRequests() {
    }

    /** Null when the caller may administer; the refusal otherwise (RFC 6750 §3, RFC 9449 §7.1). */
    static Response refusal(BearerAuthentication bearer, HttpHeaders headers) {
        return refusal(bearer.check(headers, ADMIN_SCOPE));
    }

    /** Null when {@code caller} was allowed; its refusal otherwise. */
    static Response refusal(BearerAuthentication.Result caller) {
        return caller instanceof BearerAuthentication.Result.Refused refused ? refused.response() : null;
    }

    /** The admin client an allowed caller is (its token's client_id, else its sub); null for a refused one. */
    static String callerClientId(BearerAuthentication.Result caller) {
        if (caller instanceof BearerAuthentication.Result.Allowed allowed) {
            Object value = allowed.claims().getClaim("client_id");
            return value instanceof String s ? s : allowed.claims().getSubject();
        }
        return null;
    }

    /** The body as a JSON object (bounded in size and depth, read only after authorization), or null. */
    static JsonObject parse(HttpHeaders headers, InputStream body, int maxBytes) {
        try {
            return JsonBodies.readObject(headers, body, maxBytes);
        } catch (JsonBodies.Refused refused) {
            return null;
        }
    }

    static Response ok(String json) {
        return OAuthResponses.noStore(Response.ok(json, OAuthResponses.JSON)).build();
    }

    static Response done() {
        return OAuthResponses.noStore(Response.noContent()).build();
    }

    static Response notFound() {
        return OAuthResponses.noStore(Response.status(404).entity("{\"error\":\"not_found\"}")
                .type(OAuthResponses.JSON)).build();
    }

    static Response bad(String description) {
        return error(400, "invalid_request", description);
    }

    static Response error(int status, String code, String description) {
        return OAuthResponses.noStore(Response.status(status).entity(JSONP.createObjectBuilder()
                .add("error", code).add("error_description", description).build().toString())
                .type(OAuthResponses.JSON)).build();
    }
}
