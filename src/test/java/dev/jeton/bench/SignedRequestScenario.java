package dev.jeton.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * client_credentials whose request carries a JWT the server must verify: a private_key_jwt client
 * assertion (RFC 7523 §2.2) or a DPoP proof (RFC 9449 §4) with client_secret_basic. Every request
 * needs its own JWT (a fresh {@code jti}: the server refuses a replay), so they are signed in batches
 * before the window, as many as the window will use. An assertion may live 300 s, a proof 60 s
 * ({@code jeton.dpop.proof-max-age-seconds}): that bounds a batch's window. The server runs without
 * required DPoP nonces (its default, {@code jeton.dpop.nonce-required=false}), so a proof can be made
 * ahead of time.
 */
final class SignedRequestScenario implements Scenario {

    enum Kind { PRIVATE_KEY_JWT, DPOP }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_BATCH = 100_000;

    private final Kind kind;
    private final Target target;
    private final ECKey key;
    private final String secret;
    private final String tokenEndpoint;
    private volatile List<String> contained = List.of();

    SignedRequestScenario(Kind kind, Target target, BenchClients clients) {
        this.kind = kind;
        this.target = target;
        this.key = kind == Kind.DPOP ? clients.dpopKey : clients.assertionKey;
        this.secret = clients.secret;
        this.tokenEndpoint = target.base() + "/oauth/token";
    }

    @Override
    public String name() {
        return kind == Kind.DPOP ? "dpop" : "private_key_jwt";
    }

    @Override
    public String describe() {
        return kind == Kind.DPOP
                ? "POST /oauth/token grant_type=client_credentials, client_secret_basic, DPoP proof (ES256, no nonce)"
                : "POST /oauth/token grant_type=client_credentials, private_key_jwt assertion (ES256)";
    }

    @Override
    public List<String> contained() {
        return contained;
    }

    @Override
    public double maxWindowSeconds() {
        return kind == Kind.DPOP ? 40 : 240;
    }

    /** Window plus signing time stays under a proof's 60 s and an assertion's 290 s. */
    private double maxSigningSeconds() {
        return kind == Kind.DPOP ? 12 : 40;
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) throws JOSEException {
        int n = Scenario.batchSize(expectedRate, Math.min(seconds, maxWindowSeconds()), concurrency, MAX_BATCH);
        ECDSASigner signer = new ECDSASigner(key);
        List<byte[]> requests = new ArrayList<>(n);
        // signing stops early on a slow machine: the first JWT signed must still be valid at the window's end
        long stop = System.nanoTime() + (long) (maxSigningSeconds() * 1e9);
        for (int i = 0; i < n && System.nanoTime() < stop; i++) {
            requests.add(kind == Kind.DPOP ? dpopRequest(signer) : assertionRequest(signer));
        }
        return Scenario.once(requests, r -> {
            String problem = Scenario.tokenResponse(r);
            if (problem == null && kind == Kind.DPOP && !r.body().contains("\"token_type\":\"DPoP\"")) {
                problem = "not a DPoP-bound token";
            }
            if (problem == null && contained.isEmpty()) {
                List<String> ops = new ArrayList<>(Scenario.signaturesIn(r.body()));
                ops.add("ES256 verify");
                contained = List.copyOf(ops);
            }
            return problem;
        });
    }

    private byte[] assertionRequest(ECDSASigner signer) throws JOSEException {
        long now = System.currentTimeMillis();
        String client = BenchClients.PRIVATE_KEY_JWT;
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(client).subject(client).audience(tokenEndpoint)
                .issueTime(new Date(now)).expirationTime(new Date(now + 290_000)).jwtID(random()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(signer);
        String body = "grant_type=client_credentials&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + jwt.serialize();
        return HttpConnection.postForm(target.hostHeader(), "/oauth/token", body);
    }

    private byte[] dpopRequest(ECDSASigner signer) throws JOSEException {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(random()).claim("htm", "POST")
                .claim("htu", tokenEndpoint).issueTime(new Date()).build();
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(), claims);
        proof.sign(signer);
        return HttpConnection.postForm(target.hostHeader(), "/oauth/token", "grant_type=client_credentials",
                ClientSecretScenario.basic(BenchClients.DPOP, secret), "DPoP: " + proof.serialize());
    }

    private static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
