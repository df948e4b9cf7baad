package dev.jeton.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one of our own access tokens (RFC 9068 §4): signed by one of our keys with an allowed
 * algorithm, {@code typ} at+jwt, our issuer, not expired. Says nothing about revocation; the
 * caller asks the grant store for that.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final JWKSet jwks;
    private final String issuer;

    @Inject
    public AccessTokenVerifier(SigningKeySet keys, JetonSettings settings) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                new ImmutableJWKSet<>(keys.publicJwkSet())));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id")));
        this.processor = p;
        this.jwks = keys.publicJwkSet();
        this.issuer = settings.issuer().toString();
    }

    /** For CDI's client proxy only. */
    protected AccessTokenVerifier() {
        this.processor = null;
        this.jwks = null;
        this.issuer = null;
    }

    /**
     * The same check with the time given, not the system's: for the core, which takes the time
     * from the request (and from a fixed clock in tests).
     */
    public Optional<JWTClaimsSet> verify(String token, Instant now) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                new ImmutableJWKSet<>(jwks)));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id")) {
            {
                // our own clock signs and checks: no skew to forgive
                setMaxClockSkew(0);
            }

            @Override
            protected Date currentTime() {
                return Date.from(now);
            }
        });
        try {
            return Optional.of(p.process(token, null));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The token's claims when it is ours and valid now; empty for anything else. */
    public Optional<JWTClaimsSet> verify(String token) {
        try {
            return Optional.of(processor.process(token, null));
        } catch (Exception e) {
            // malformed, wrong signature, wrong typ, expired: all the same to the caller
            return Optional.empty();
        }
    }
}
