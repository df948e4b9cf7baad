package dev.jeton.grant.authorizationcode;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.Set;

/** The claim names an OIDC §5.5 claims request asks for in one member ({@code id_token} or {@code userinfo}). */
public final class RequestedClaims {

    private static final JsonProvider JSONP = JsonProvider.provider();

    private RequestedClaims() {
    }

    public static Set<String> names(String claimsJson, String member) {
        if (claimsJson == null || claimsJson.isBlank()) {
            return Set.of();
        }
        try {
            JsonObject root = JSONP.createReader(new StringReader(claimsJson)).readObject();
            JsonValue value = root.get(member);
            return value instanceof JsonObject o ? Set.copyOf(o.keySet()) : Set.of();
        } catch (RuntimeException e) {
            // validated at the authorization endpoint; a bad value here only means no extra claims
            return Set.of();
        }
    }
}
