package dev.jeton.web;

import dev.jeton.error.OAuthError;
import dev.jeton.token.TokenResponse;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Renders RFC 6749 §5.1 and §5.2 bodies. Every response carries {@code Cache-Control: no-store}
 * and {@code Pragma: no-cache} (§5.1): tokens and errors must not be cached by anyone.
 */
final class OAuthResponses {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    static final String JSON = "application/json;charset=UTF-8";
    /** RFC 7235 §3.1: a 401 must carry a challenge; RFC 6749 §5.2 names Basic for client auth. */
    static final String BASIC_CHALLENGE = "Basic realm=\"jeton\", charset=\"UTF-8\"";

    private OAuthResponses() {
    }

    static Response success(TokenResponse token) {
        JsonObjectBuilder body = JSONP.createObjectBuilder();
        for (Map.Entry<String, Object> member : token.members().entrySet()) {
            if (member.getValue() instanceof Long n) {
                body.add(member.getKey(), n);
            } else {
                body.add(member.getKey(), String.valueOf(member.getValue()));
            }
        }
        return noStore(Response.ok(body.build().toString(), JSON)).build();
    }

    static Response error(OAuthError error) {
        JsonObjectBuilder body = JSONP.createObjectBuilder().add("error", error.code().wireValue());
        if (error.description() != null) {
            body.add("error_description", error.description());
        }
        Response.ResponseBuilder response = noStore(Response.status(error.httpStatus()).entity(body.build().toString())
                .type(JSON));
        error.headers().forEach(response::header);
        if (error.httpStatus() == 401 && !error.headers().containsKey("WWW-Authenticate")) {
            response.header("WWW-Authenticate", BASIC_CHALLENGE);
        }
        return response.build();
    }

    static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
