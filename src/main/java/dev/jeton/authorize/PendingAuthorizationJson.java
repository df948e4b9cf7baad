package dev.jeton.authorize;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link PendingAuthorization} as the JSON text the browser-state store keeps (issue #19: no
 * session affinity, so a request validated on one node is finished on another). Plain data only,
 * written and read by this class alone: no Java serialization of stored bytes.
 */
final class PendingAuthorizationJson {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    private PendingAuthorizationJson() {
    }

    static String write(PendingAuthorization pending) {
        AuthorizationRequest r = pending.request();
        JsonObjectBuilder o = JSONP.createObjectBuilder()
                .add("client_id", r.clientId())
                .add("redirect_uri", r.redirectUri())
                .add("scope", r.scope())
                .add("response_mode", r.responseMode().wireValue())
                .add("created_at", pending.createdAt().toString())
                .add("consented", pending.consentedHere());
        optional(o, "state", r.state());
        optional(o, "code_challenge", r.codeChallenge());
        optional(o, "nonce", r.nonce());
        optional(o, "claims", r.claims());
        optional(o, "login_hint", r.loginHint());
        optional(o, "pushed_request", r.pushedRequest());
        optional(o, "dpop_jkt", r.dpopJkt());
        // the implicit flow's id_token / id_token token (OIDC Core §3.2); absent for the code flow
        optional(o, "response_type", r.responseType());
        if (r.maxAge() != null) {
            o.add("max_age", r.maxAge());
        }
        JsonArrayBuilder prompts = JSONP.createArrayBuilder();
        r.prompts().stream().map(Prompt::wireValue).sorted().forEach(prompts::add);
        o.add("prompts", prompts);
        JsonArrayBuilder resources = JSONP.createArrayBuilder();
        r.resources().forEach(resources::add);
        o.add("resources", resources);
        SignIn signIn = pending.signedInHere();
        if (signIn != null) {
            JsonObjectBuilder s = JSONP.createObjectBuilder().add("subject", signIn.subject())
                    .add("auth_time", signIn.authTime().toString());
            optional(s, "sid", signIn.sid());
            o.add("signed_in", s);
        }
        return o.build().toString();
    }

    static PendingAuthorization read(String id, String json) {
        JsonObject o = JSONP.createReader(new StringReader(json)).readObject();
        Set<Prompt> prompts = new LinkedHashSet<>();
        for (JsonValue p : o.getJsonArray("prompts")) {
            prompts.add(Prompt.fromWire(((JsonString) p).getString()).orElseThrow());
        }
        List<String> resources = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("resources")) {
            resources.add(((JsonString) v).getString());
        }
        JsonNumber maxAge = o.getJsonNumber("max_age");
        AuthorizationRequest request = new AuthorizationRequest(o.getString("client_id"), o.getString("redirect_uri"),
                o.getString("scope"), text(o, "state"), text(o, "code_challenge"), text(o, "nonce"), prompts,
                maxAge == null ? null : maxAge.longValueExact(), text(o, "claims"), text(o, "login_hint"),
                ResponseMode.fromWire(o.getString("response_mode")).orElseThrow(), text(o, "pushed_request"),
                text(o, "dpop_jkt"), resources, text(o, "response_type"));
        JsonObject s = o.getJsonObject("signed_in");
        SignIn signIn = s == null ? null
                : new SignIn(s.getString("subject"), Instant.parse(s.getString("auth_time")), text(s, "sid"));
        return new PendingAuthorization(id, request, Instant.parse(o.getString("created_at")), signIn,
                o.getBoolean("consented"));
    }

    private static void optional(JsonObjectBuilder o, String name, String value) {
        if (value != null) {
            o.add(name, value);
        }
    }

    private static String text(JsonObject o, String name) {
        return o.containsKey(name) ? o.getString(name) : null;
    }
}
