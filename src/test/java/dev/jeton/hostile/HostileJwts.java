package dev.jeton.hostile;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Hostile JWTs for any verifier Jeton has: each one differs from a token the verifier accepts
 * by one defect an attacker can produce (RFC 8725 §2 lists the attacks; RFC 7515 §4.1.11 crit).
 * <p>
 * A verifier is described by a {@link Target}: the header and claims of a token it accepts and
 * the signer that makes it acceptable. A property of a new verifier is then one line:
 * <pre>{@code
 * @Provide Arbitrary<HostileJwt> hostile() { return HostileJwts.against(target); }
 * @Property void rejectsHostileTokens(@ForAll("hostile") HostileJwt jwt) { assertRejected(verify(jwt.token())); }
 * }</pre>
 * Check {@link Target#valid()} against the verifier too, so the property cannot pass because
 * everything is rejected.
 */
public final class HostileJwts {

    /** The one thing wrong with a hostile token. */
    public enum Defect {
        /** Random text, with and without dots. */
        GARBAGE,
        /** A valid token cut short anywhere. */
        TRUNCATED,
        /** One, two, four or five segments made from a valid token's parts. */
        WRONG_SEGMENT_COUNT,
        /** A character outside base64url (RFC 7515 §2) in one segment. */
        INVALID_BASE64,
        /** A header that is not a JSON object, or has no usable alg. */
        MALFORMED_HEADER,
        /** {@code alg: none} (RFC 7518 §3.6), unsigned or with the original signature kept. */
        ALG_NONE,
        /** HS256 with the verifier's public key (its DER, PEM or JWK text) as the MAC secret (RFC 8725 §2.1). */
        ALGORITHM_CONFUSION,
        /** The header names another algorithm than the one that signed. */
        ALG_MISMATCH,
        /** Correctly signed, with a {@code crit} header the verifier does not understand (RFC 7515 §4.1.11). */
        UNKNOWN_CRIT,
        /** Correctly signed, with another {@code typ} (RFC 8725 §3.11: cross-JWT confusion). */
        WRONG_TYP,
        /** Correctly signed, without {@code typ}, when the target has one. */
        MISSING_TYP,
        /** The trusted kid, signed by a key the attacker made. */
        UNTRUSTED_KEY,
        /** The attacker's key embedded in the header ({@code jwk}) or referenced ({@code jku}, {@code x5u}). */
        EMBEDDED_KEY,
        /** A valid token with one bit of its signature flipped. */
        SIGNATURE_FLIPPED,
        /** A valid token's header and signature with a changed payload. */
        PAYLOAD_SWAPPED,
        /** A claims set of hundreds of kilobytes, not validly signed. */
        HUGE_JSON,
        /** JSON nested thousands of levels deep in the header or the payload, not validly signed. */
        DEEPLY_NESTED_JSON
    }

    /** A hostile token and the defect it was made with (shown when a property fails). */
    public record HostileJwt(Defect defect, String token) {
        @Override
        public String toString() {
            String shown = token.length() > 160 ? token.substring(0, 160) + "...(" + token.length() + " chars)" : token;
            return defect + ": " + shown;
        }
    }

    /**
     * What a verifier accepts.
     *
     * @param header          the header of an acceptable token (alg, typ, kid or jwk)
     * @param claims          the claims of an acceptable token (times valid for the test's duration)
     * @param signer          signs an acceptable token
     * @param verificationKey the public key the verifier uses, for algorithm confusion
     */
    public record Target(JWSHeader header, JWTClaimsSet claims, JWSSigner signer, JWK verificationKey) {
        public Target {
            Objects.requireNonNull(header);
            Objects.requireNonNull(claims);
            Objects.requireNonNull(signer);
            Objects.requireNonNull(verificationKey);
        }

        /** The token the verifier must accept: the sanity check of every hostile-JWT property. */
        public String valid() {
            return sign(header, claims, signer);
        }
    }

    private HostileJwts() {
    }

    /** Every defect. */
    public static Arbitrary<HostileJwt> against(Target target) {
        return against(target, EnumSet.allOf(Defect.class));
    }

    /** Only the given defects (e.g. without {@link Defect#MISSING_TYP} for a verifier that does not require typ). */
    public static Arbitrary<HostileJwt> against(Target target, Set<Defect> defects) {
        List<Arbitrary<HostileJwt>> choices = defects.stream()
                .filter(d -> applies(d, target))
                .map(d -> of(d, target).map(token -> new HostileJwt(d, token)))
                .toList();
        return Arbitraries.oneOf(choices);
    }

    private static boolean applies(Defect defect, Target target) {
        return switch (defect) {
            case MISSING_TYP -> target.header().getType() != null;
            case EMBEDDED_KEY -> target.header().getJWK() == null;
            default -> true;
        };
    }

    private static Arbitrary<String> of(Defect defect, Target t) {
        return switch (defect) {
            case GARBAGE -> Arbitraries.oneOf(
                    Arbitraries.strings().ofMaxLength(300),
                    Arbitraries.strings().withChars("abcXYZ019-_.=+/ ").ofMaxLength(300),
                    Arbitraries.of("", ".", "..", "...", "a.b.c", "e30.e30.", "e30.e30.e30", "null", "Bearer x"));
            case TRUNCATED -> {
                String valid = t.valid();
                yield Arbitraries.integers().between(0, valid.length() - 1).map(n -> valid.substring(0, n));
            }
            case WRONG_SEGMENT_COUNT -> {
                String[] parts = t.valid().split("\\.");
                yield Arbitraries.of(
                        parts[0],
                        parts[0] + "." + parts[1],
                        parts[0] + "." + parts[1] + ".",
                        t.valid() + ".",
                        t.valid() + "." + parts[2],
                        t.valid() + "." + parts[1] + "." + parts[2],
                        parts[0] + ".." + parts[1] + "." + parts[2]);
            }
            case INVALID_BASE64 -> {
                String valid = t.valid();
                yield Combinators.combine(Arbitraries.integers().between(0, valid.length() - 1),
                                Arbitraries.of('+', '/', '=', '!', '*', ' ', '%', '\u00e9', '\u0000', '\n'))
                        .as((at, bad) -> valid.charAt(at) == '.' ? valid.substring(0, at) + bad + valid.substring(at)
                                : valid.substring(0, at) + bad + valid.substring(at + 1));
            }
            case MALFORMED_HEADER -> {
                String rest = t.valid().substring(t.valid().indexOf('.'));
                yield Arbitraries.of("not json", "[]", "null", "\"ES256\"", "{", "{}", "{\"alg\":123}",
                                "{\"alg\":null}", "{\"alg\":\"\"}", "{\"alg\":\"ES256\",\"alg\":\"none\"}",
                                "{\"alg\":[\"ES256\"]}", "{\"alg\":\"ES256\",\"kid\":{}}", "{\"alg\":\"ES256\"}}")
                        .map(h -> b64(h) + rest);
            }
            case ALG_NONE -> {
                String[] parts = t.valid().split("\\.");
                String plain = new PlainJWT(t.claims()).serialize();
                yield Arbitraries.of(
                        plain,
                        plain + parts[2],
                        b64("{\"alg\":\"none\",\"typ\":\"" + typ(t) + "\"}") + "." + parts[1] + ".",
                        b64("{\"alg\":\"None\"}") + "." + parts[1] + "." + parts[2],
                        b64("{\"alg\":\"NONE\",\"kid\":\"" + kid(t) + "\"}") + "." + parts[1] + ".");
            }
            case ALGORITHM_CONFUSION -> Arbitraries.of(confusionSecrets(t.verificationKey()))
                    .flatMap(secret -> Arbitraries.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)
                            .filter(alg -> secret.length * 8 >= Integer.parseInt(alg.getName().substring(2)))
                            .map(alg -> sign(withAlg(t.header(), alg), t.claims(),
                                    mac(secret))));
            case ALG_MISMATCH -> Arbitraries.of(JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.PS256,
                            JWSAlgorithm.RS512, JWSAlgorithm.EdDSA, JWSAlgorithm.HS256, JWSAlgorithm.RS256,
                            JWSAlgorithm.ES256)
                    .filter(alg -> !alg.equals(t.header().getAlgorithm()))
                    .map(alg -> {
                        String[] parts = t.valid().split("\\.");
                        JWSHeader changed = withAlg(t.header(), alg);
                        return changed.toBase64URL() + "." + parts[1] + "." + parts[2];
                    });
            case UNKNOWN_CRIT -> Arbitraries.of("urn:example:must-understand", "x-jeton-policy", "exp")
                    .map(name -> {
                        Map<String, Object> json = t.header().toJSONObject();
                        json.put("crit", List.of(name));
                        // not b64 (RFC 7797): Nimbus understands it, and b64=true changes nothing
                        if (!name.equals("exp")) {
                            json.put(name, true);
                        }
                        return sign(parse(json), t.claims(), t.signer());
                    });
            case WRONG_TYP -> Arbitraries.of("JWT", "dpop+jwt", "at+jwt", "secevent+jwt", "oauth-authz-req+jwt",
                            "client-authentication+jwt", "token-introspection+jwt", "logout+jwt", "txn+jwt", "")
                    .filter(typ -> !typ.equalsIgnoreCase(typ(t)))
                    .map(typ -> sign(new JWSHeader.Builder(t.header()).type(new JOSEObjectType(typ)).build(),
                            t.claims(), t.signer()));
            case MISSING_TYP -> Arbitraries.just(sign(new JWSHeader.Builder(t.header()).type(null).build(),
                    t.claims(), t.signer()));
            case UNTRUSTED_KEY -> Arbitraries.of(Attacker.EC, Attacker.RSA)
                    .filter(k -> alg(k).equals(t.header().getAlgorithm()) || !isKnownAsymmetric(t))
                    .map(k -> sign(t.header(), t.claims(), signer(k)));
            case EMBEDDED_KEY -> Arbitraries.of(0, 1, 2).map(variant -> {
                JWK attacker = t.header().getAlgorithm().equals(JWSAlgorithm.RS256) ? Attacker.RSA : Attacker.EC;
                JWSHeader.Builder h = new JWSHeader.Builder(attacker instanceof RSAKey ? JWSAlgorithm.RS256
                        : JWSAlgorithm.ES256).type(t.header().getType()).keyID(kid(t));
                switch (variant) {
                    case 0 -> h.jwk(attacker.toPublicJWK());
                    case 1 -> h.jwkURL(URI.create("https://attacker.example/jwks.json"));
                    default -> h.x509CertURL(URI.create("https://attacker.example/cert.pem"));
                }
                return sign(h.build(), t.claims(), signer(attacker));
            });
            case SIGNATURE_FLIPPED -> {
                String[] parts = t.valid().split("\\.");
                byte[] signature = new Base64URL(parts[2]).decode();
                yield Arbitraries.integers().between(0, signature.length * 8 - 1).map(bit -> {
                    byte[] flipped = Arrays.copyOf(signature, signature.length);
                    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                    return parts[0] + "." + parts[1] + "." + Base64URL.encode(flipped);
                });
            }
            case PAYLOAD_SWAPPED -> Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(sub -> {
                String[] parts = t.valid().split("\\.");
                JWTClaimsSet changed = new JWTClaimsSet.Builder(t.claims()).subject("attacker-" + sub)
                        .claim("scope", "jeton.admin").build();
                return parts[0] + "." + b64(changed.toString()) + "." + parts[2];
            });
            case HUGE_JSON -> Combinators.combine(Arbitraries.integers().between(100_000, 600_000),
                            Arbitraries.of(true, false))
                    .as((size, inHeader) -> {
                        String filler = "A".repeat(size);
                        String[] parts = t.valid().split("\\.");
                        if (inHeader) {
                            Map<String, Object> json = t.header().toJSONObject();
                            json.put("pad", filler);
                            return parse(json).toBase64URL()
                                    + "." + parts[1] + "." + parts[2];
                        }
                        return parts[0] + "." + b64(new JWTClaimsSet.Builder(t.claims()).claim("pad", filler)
                                .build().toString()) + "." + parts[2];
                    });
            case DEEPLY_NESTED_JSON -> Combinators.combine(Arbitraries.integers().between(1_000, 200_000),
                            Arbitraries.of("[", "{\"a\":"), Arbitraries.of(true, false))
                    .as((depth, open, inHeader) -> {
                        String close = open.equals("[") ? "]" : "}";
                        String nested = open.repeat(depth) + (open.equals("[") ? "1" : "1") + close.repeat(depth);
                        String[] parts = t.valid().split("\\.");
                        if (inHeader) {
                            String header = "{\"alg\":\"" + t.header().getAlgorithm() + "\",\"x\":" + nested + "}";
                            return b64(header) + "." + parts[1] + "." + parts[2];
                        }
                        String claims = t.claims().toString();
                        String payload = "{\"x\":" + nested + "," + claims.substring(1);
                        return parts[0] + "." + b64(payload) + "." + parts[2];
                    });
        };
    }

    /** The public key as an attacker can find it: SPKI DER, PEM text, JWK JSON, raw modulus / point. */
    private static List<byte[]> confusionSecrets(JWK key) {
        try {
            PublicKey publicKey = key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey();
            byte[] der = publicKey.getEncoded();
            String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
            byte[] jwkJson = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
            return List.of(der, pem.getBytes(StandardCharsets.US_ASCII), jwkJson);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isKnownAsymmetric(Target t) {
        return JWSAlgorithm.Family.EC.contains(t.header().getAlgorithm())
                || JWSAlgorithm.Family.RSA.contains(t.header().getAlgorithm());
    }

    private static String typ(Target t) {
        return t.header().getType() == null ? "" : t.header().getType().getType();
    }

    private static String kid(Target t) {
        return t.header().getKeyID() == null ? "unknown" : t.header().getKeyID();
    }

    /** The same header with another alg (Nimbus' builder fixes alg at construction). */
    private static JWSHeader withAlg(JWSHeader header, JWSAlgorithm alg) {
        Map<String, Object> json = header.toJSONObject();
        json.put("alg", alg.getName());
        return parse(json);
    }

    private static JWSHeader parse(Map<String, Object> json) {
        try {
            return JWSHeader.parse(json);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("the generator could not sign a " + header.getAlgorithm() + " token", e);
        }
        return jwt.serialize();
    }

    private static JWSSigner mac(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWSAlgorithm alg(JWK key) {
        return key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256;
    }

    private static JWSSigner signer(JWK key) {
        try {
            return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The attacker's own keys, made once per test run. */
    private static final class Attacker {
        static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).generate());
        static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).generate());

        private static <K> K generate(Generator<K> generator) {
            try {
                return generator.generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        private interface Generator<K> {
            K generate() throws JOSEException;
        }
    }
}
