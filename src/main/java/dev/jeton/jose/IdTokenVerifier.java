package dev.jeton.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one of our own ID tokens: signed by a key we publish now, typ JWT, our issuer, and the claims every ID
 * token has. Token exchange takes only live ones (RFC 8693 §2.1); the end-session endpoint also takes expired
 * ones (RP-Initiated Logout 1.0 §2: "The OP need not be the audience ... MAY accept expired ID tokens" as a hint),
 * but never one that is not ours.
 */
public final class IdTokenVerifier {

    private final SigningKeySource keys;
    private final String issuer;

    public IdTokenVerifier(SigningKeySource keys, String issuer) {
        this.keys = Objects.requireNonNull(keys);
        this.issuer = Objects.requireNonNull(issuer);
    }

    /** The claims when the token is ours and not expired at {@code now} (no skew: our clock signs and checks). */
    public Optional<JWTClaimsSet> verify(String token, Instant now) {
        return process(token, now);
    }

    /** The claims when the token is ours, whenever it expired (an id_token_hint, RP-Initiated Logout 1.0 §2). */
    public Optional<JWTClaimsSet> verifyIgnoringExpiry(String token) {
        return process(token, null);
    }

    private Optional<JWTClaimsSet> process(String token, Instant now) {
        if (token == null || !StrictCompactJws.isWellFormed(token)) {
            return Optional.empty();
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(keys.current().publicJwkSet())));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp", "iat", "aud")) {
            {
                setMaxClockSkew(0);
            }

            @Override
            protected Date currentTime() {
                // far in the past: exp and nbf are then always met (an expired hint is still a hint)
                return Date.from(now != null ? now : Instant.EPOCH);
            }
        });
        try {
            return Optional.of(p.process(token, null));
        } catch (Exception e) {
            // malformed, wrong signature, wrong typ, not ours, expired: all the same to the caller
            return Optional.empty();
        }
    }
}
