package dev.jeton.dpop;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.SettingsReader;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * DPoP policy (RFC 9449).
 *
 * @param proofMaxAge    how old a proof's iat may be (RFC 9449 §11.1: "a relatively brief period")
 * @param clockSkew      how far in the future a proof's iat may be: clients' clocks run ahead (RFC 9449 §11.1 leaves
 *                       the window to the server); the default, 15 s, takes the OpenID conformance suite's proofs
 *                       dated 10 s ahead with room for the two machines' own drift
 * @param nonceRequired  every token request must carry a server nonce (RFC 9449 §8); a client can also
 *                       be registered to need one
 * @param nonceSecret    the HMAC key of the stateless nonces: the same on every node
 * @param nonceLifetime  the time step of a nonce; the current and the previous step are accepted
 */
public record DpopSettings(Duration proofMaxAge, Duration clockSkew, boolean nonceRequired, byte[] nonceSecret,
                           Duration nonceLifetime) {

    private static final Logger LOG = Logger.getLogger(DpopSettings.class.getName());

    public static final String PROOF_MAX_AGE = "jeton.dpop.proof-max-age-seconds";
    public static final String CLOCK_SKEW = "jeton.dpop.clock-skew-seconds";
    public static final String NONCE_REQUIRED = "jeton.dpop.nonce-required";
    public static final String NONCE_SECRET = "jeton.dpop.nonce-secret";
    public static final String NONCE_LIFETIME = "jeton.dpop.nonce-lifetime-seconds";
    static final int MIN_SECRET_LENGTH = 32;
    static final int DEFAULT_CLOCK_SKEW_SECONDS = 15;

    /** With a random key of this node's own when the secret is unset (one node; tests). */
    public static DpopSettings from(Function<String, Optional<String>> lookup) {
        return from(lookup, DpopSettings::randomKey);
    }

    /**
     * {@code shared} gives the key when {@code jeton.dpop.nonce-secret} is unset: the server's is one
     * that every node on the database reads (issue #19: a nonce from one node is accepted by all).
     */
    public static DpopSettings from(Function<String, Optional<String>> lookup, Supplier<byte[]> shared) {
        SettingsReader r = new SettingsReader(lookup);
        Optional<String> secret = r.optional(NONCE_SECRET);
        byte[] key;
        if (secret.isPresent()) {
            if (secret.get().length() < MIN_SECRET_LENGTH) {
                throw new ConfigurationException(NONCE_SECRET + " must be at least " + MIN_SECRET_LENGTH
                        + " characters");
            }
            key = secret.get().getBytes(StandardCharsets.UTF_8);
        } else {
            key = shared.get();
        }
        return new DpopSettings(Duration.ofSeconds(r.positiveInt(PROOF_MAX_AGE, 60)),
                Duration.ofSeconds(dev.jeton.client.ClientKeySettings.atMostAMinute(r.nonNegativeInt(CLOCK_SKEW, DEFAULT_CLOCK_SKEW_SECONDS))),
                r.bool(NONCE_REQUIRED, false), key,
                Duration.ofSeconds(r.positiveInt(NONCE_LIFETIME, 300)));
    }

    private static byte[] randomKey() {
        // one node is fine with a secret of its own; a cluster needs the same secret everywhere
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        LOG.warning(NONCE_SECRET + " is not set: DPoP nonces are signed with a random secret of this node, "
                + "so other nodes (and this one after a restart) will not accept them");
        return key;
    }

    @Override
    public String toString() {
        return "DpopSettings[proofMaxAge=" + proofMaxAge + ", clockSkew=" + clockSkew + ", nonceRequired="
                + nonceRequired + ", nonceLifetime=" + nonceLifetime + "]";
    }
}
