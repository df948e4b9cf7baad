package dev.jeton.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The bare cost of the JOSE operations a request contains, in this JVM (the same JDK as the
 * server): an ES256 / RS256 signature of an access token's claims (header, JSON, base64url and
 * the signature, as Nimbus does it) and the verification of one (parse and verify). Measured on
 * one thread after a warm-up (a time and at least 2,000 calls), as the thread's CPU time per
 * operation (so that another process taking the core does not count) next to the wall time.
 * Keys are fresh JCA keys (SunEC, 2048-bit RSA as Jeton's keystore makes), with the JDK's default
 * providers, like Jeton's signer.
 */
final class BareCrypto {

    /** One operation's cost in microseconds. */
    record Cost(String operation, double cpuMicros, double wallMicros, long iterations) {
    }

    static final String ES256_SIGN = "ES256 sign";
    static final String ES256_VERIFY = "ES256 verify";
    static final String RS256_SIGN = "RS256 sign";
    static final String RS256_VERIFY = "RS256 verify";

    private static final int MIN_WARM_UP_CALLS = 2000;
    private static final int MIN_MEASURED_CALLS = 300;

    /** Results go here so that the JIT cannot drop the work. */
    private static volatile int sink;

    private BareCrypto() {
    }

    static Map<String, Cost> measure(double warmSeconds, double measureSeconds) throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("bench-ec").generate();
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench-rsa").generate();
        JWSSigner ecSigner = new ECDSASigner(ec);
        JWSSigner rsaSigner = new RSASSASigner(rsa);
        JWSVerifier ecVerifier = new ECDSAVerifier(ec.toECPublicKey());
        JWSVerifier rsaVerifier = new RSASSAVerifier(rsa.toRSAPublicKey());
        String ecToken = sign(ecSigner, JWSAlgorithm.ES256, "bench-ec");
        String rsaToken = sign(rsaSigner, JWSAlgorithm.RS256, "bench-rsa");

        Map<String, Callable<Integer>> operations = new LinkedHashMap<>();
        operations.put(ES256_SIGN, () -> sign(ecSigner, JWSAlgorithm.ES256, "bench-ec").length());
        operations.put(ES256_VERIFY, () -> SignedJWT.parse(ecToken).verify(ecVerifier) ? 1 : 0);
        operations.put(RS256_SIGN, () -> sign(rsaSigner, JWSAlgorithm.RS256, "bench-rsa").length());
        operations.put(RS256_VERIFY, () -> SignedJWT.parse(rsaToken).verify(rsaVerifier) ? 1 : 0);
        Map<String, Cost> costs = new LinkedHashMap<>();
        for (Map.Entry<String, Callable<Integer>> op : operations.entrySet()) {
            costs.put(op.getKey(), time(op.getKey(), op.getValue(), warmSeconds, measureSeconds));
        }
        return costs;
    }

    /** An access token like Jeton's (RFC 9068 claims and {@code typ}). */
    private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid) throws Exception {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("bench-basic").audience("http://localhost:8080")
                .claim("scope", "api.read").issuer("http://localhost:8080").expirationTime(new Date(now + 600_000))
                .issueTime(new Date(now)).claim("client_id", "bench-basic").jwtID(Long.toHexString(System.nanoTime()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
                claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static Cost time(String name, Callable<Integer> op, double warmSeconds, double measureSeconds)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + (long) (warmSeconds * 1e9);
        int s = 0;
        // at least as many calls as the JIT needs to compile the path fully, however slow the machine is
        for (long i = 0; i < MIN_WARM_UP_CALLS || System.nanoTime() < warmEnd; i++) {
            s += op.call();
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long end = wall0 + (long) (measureSeconds * 1e9);
        long n = 0;
        while (n < MIN_MEASURED_CALLS || System.nanoTime() < end) {
            s += op.call();
            n++;
        }
        long wall = System.nanoTime() - wall0;
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        sink += s;
        return new Cost(name, cpu / 1e3 / n, wall / 1e3 / n, n);
    }
}
