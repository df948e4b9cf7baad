package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
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

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks one of our own access tokens (RFC 9068 §4): signed by one of our published keys with an allowed
 * algorithm, {@code typ} at+jwt, our issuer, not expired. Says nothing about revocation; the
 * caller asks the grant store for that.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class.getName());

    private final ConfigurableJWTProcessor<SecurityContext> processor;
    private final SigningKeySource keys;
    private final String issuer;

    @Inject
    public AccessTokenVerifier(SigningKeySource keys, JetonSettings settings) {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                // the keys published now: a key removed from the keystore (or past its retention)
                // no longer verifies anything, from the next reload on
                (selector, context) -> selector.select(keys.current().publicJwkSet())));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id")));
        this.processor = p;
        this.keys = keys;
        this.issuer = settings.issuer().toString();
    }

    /** For CDI's client proxy only. */
    protected AccessTokenVerifier() {
        this.processor = null;
        this.keys = null;
        this.issuer = null;
    }

    /**
     * The same check with the time given, not the system's: for the core, which takes the time
     * from the request (and from a fixed clock in tests).
     */
    public Optional<JWTClaimsSet> verify(String token, Instant now) {
        if (!StrictCompactJws.isWellFormed(token)) {
            return Optional.empty();
        }
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                // the keys published now, as in verify(String)
                new ImmutableJWKSet<>(keys.current().publicJwkSet())));
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
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            // as in verify(String): Nimbus fails on some hostile input; a refusal, never a 500
            LOG.log(Level.FINE, "access token refused: the JOSE library failed on it", e);
            return Optional.empty();
        }
    }

    /** The token's claims when it is ours and valid now; empty for anything else. */
    public Optional<JWTClaimsSet> verify(String token) {
        if (!StrictCompactJws.isWellFormed(token)) {
            return Optional.empty();
        }
        try {
            return Optional.of(processor.process(token, null));
        } catch (ParseException | BadJOSEException | JOSEException e) {
            // malformed, wrong signature, wrong typ, expired: all the same to the caller. Only these:
            // anything else thrown on hostile input is a bug that AccessTokenVerifierHostileTest must see.
            return Optional.empty();
        } catch (RuntimeException e) {
            // Nimbus itself throws on some hostile input (10.10: a NullPointerException for the header
            // "null", found by AccessTokenVerifierHostileTest). A client can send that at will, so it is a
            // refusal, logged below WARN, never a 500.
            LOG.log(Level.FINE, "access token refused: the JOSE library failed on it", e);
            return Optional.empty();
        }
    }
}
