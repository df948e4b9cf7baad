package dev.jeton.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.jeton.client.ClientSecrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's own clients file (the operator's format, README "Clients file"), with secrets and
 * keys only this run knows: secrets are written as their hashes, the private_key_jwt client's key
 * and the DPoP key stay in memory. Plus {@code extra} clients that are registered and never used,
 * to show that CPU per token does not depend on how many clients there are.
 */
final class BenchClients {

    static final String BASIC = "bench-basic";
    static final String PRIVATE_KEY_JWT = "bench-private-key-jwt";
    static final String DPOP = "bench-dpop";
    static final String APP = "bench-app";
    static final String INTROSPECTOR = "bench-introspector";
    /** Never reached: the authorization response is read from the Location header. */
    static final String REDIRECT_URI = "http://127.0.0.1:9/callback";
    static final String APP_SCOPE = "openid offline_access api.read";

    final String secret;
    final ECKey assertionKey;
    final ECKey dpopKey;

    private BenchClients(String secret, ECKey assertionKey, ECKey dpopKey) {
        this.secret = secret;
        this.assertionKey = assertionKey;
        this.dpopKey = dpopKey;
    }

    static BenchClients generate() throws JOSEException {
        return new BenchClients(ClientSecrets.generate(), new ECKeyGenerator(Curve.P_256).keyID("bench-assertion")
                .generate(), new ECKeyGenerator(Curve.P_256).keyID("bench-dpop").generate());
    }

    /** The clients file's JSON. */
    String file(int extra) {
        String hash = ClientSecrets.hash(secret);
        List<Object> clients = new ArrayList<>();
        clients.add(client(BASIC, "client_secret_basic", List.of("client_credentials"), "api.read",
                Map.of("client_secret_hash", hash)));
        Map<String, Object> jwks = Map.of("keys", List.of(assertionKey.toPublicJWK().toJSONObject()));
        clients.add(client(PRIVATE_KEY_JWT, "private_key_jwt", List.of("client_credentials"), "api.read",
                Map.of("jwks", jwks, "token_endpoint_auth_signing_alg", "ES256")));
        clients.add(client(DPOP, "client_secret_basic", List.of("client_credentials"), "api.read",
                Map.of("client_secret_hash", hash, "dpop_bound_access_tokens", true)));
        clients.add(client(APP, "none", List.of("authorization_code", "refresh_token"), APP_SCOPE,
                Map.of("redirect_uris", List.of(REDIRECT_URI), "first_party", true)));
        // its own access token lives longer than any run: introspection asks about that one token
        clients.add(client(INTROSPECTOR, "client_secret_basic", List.of("client_credentials"), "api.read",
                Map.of("client_secret_hash", hash, "access_token_ttl_seconds", 7200)));
        for (int i = 1; i <= extra; i++) {
            clients.add(client(String.format(Locale.ROOT, "bench-extra-%06d", i), "client_secret_basic",
                    List.of("client_credentials"), "api.read",
                    Map.of("client_secret_hash", ClientSecrets.hash(ClientSecrets.generate()))));
        }
        return Json.write(Map.of("clients", clients));
    }

    private static Map<String, Object> client(String id, String method, List<String> grants, String scope,
                                              Map<String, Object> more) {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("client_id", id);
        client.put("client_name", "Benchmark: " + id);
        client.put("token_endpoint_auth_method", method);
        client.put("grant_types", grants);
        client.put("scope", scope);
        client.putAll(more);
        return client;
    }
}
