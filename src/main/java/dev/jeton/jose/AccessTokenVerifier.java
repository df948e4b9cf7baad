package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
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
    private static final Set<String> REQUIRED_CLAIMS = Set.of("sub", "exp", "iat", "jti", "client_id");

    /** Per node; how many tokens' signatures are remembered (a few MB at most: claims, no token text). */
    static final int VERIFIED_CAPACITY = 20_000;

    private final ConfigurableJWTProcessor<KeysContext> processor;
    private final DefaultJWTClaimsVerifier<KeysContext> claimsNow;
    private final SigningKeySource keys;
    private final String issuer;
    private final VerifiedSignatures verified;

    @Inject
    public AccessTokenVerifier(SigningKeySource keys, JetonSettings settings) {
        this.keys = keys;
        this.issuer = settings.issuer().toString();
        this.claimsNow = claimsAt(issuer, Instant::now);
        this.processor = processor(claimsNow);
        this.verified = new VerifiedSignatures(VERIFIED_CAPACITY);
    }

    /** For CDI's client proxy only. */
    protected AccessTokenVerifier() {
        this.processor = null;
        this.claimsNow = null;
        this.keys = null;
        this.issuer = null;
        this.verified = null;
    }

    /**
     * The same check with the time given, not the system's: for the core, which takes the time
     * from the request (and from a fixed clock in tests).
     */
    public Optional<JWTClaimsSet> verify(String token, Instant now) {
        DefaultJWTClaimsVerifier<KeysContext> claims = claimsAt(issuer, () -> now);
        return process(processor(claims), claims, token, now);
    }

    /** The token's claims when it is ours and valid now (the system clock); empty for anything else. */
    public Optional<JWTClaimsSet> verify(String token) {
        return process(processor, claimsNow, token, Instant.now());
    }

    /**
     * Our issuer, the required claims, and {@code exp}/{@code nbf} against {@code clock} with NO skew:
     * our own clock signs and checks, so there is nothing to forgive. Nimbus's default of 60 s let
     * an expired token through for a minute (issue #11: introspection said active past exp).
     */
    private static DefaultJWTClaimsVerifier<KeysContext> claimsAt(String issuer, Supplier<Instant> clock) {
        DefaultJWTClaimsVerifier<KeysContext> claims = new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.get());
            }
        };
        claims.setMaxClockSkew(0);
        return claims;
    }

    /**
     * RFC 9068 §4: typ at+jwt, one of our algorithms, and a key published now: a key removed from
     * the keystore (or past its retention) no longer verifies anything, from the next reload on.
     */
    private ConfigurableJWTProcessor<KeysContext> processor(DefaultJWTClaimsVerifier<KeysContext> claims) {
        DefaultJWTProcessor<KeysContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                (selector, context) -> selector.select(context.keys().publicJwkSet())));
        p.setJWTClaimsSetVerifier(claims);
        return p;
    }

    /**
     * The signature and header once per token and key set ({@link VerifiedSignatures}), the claims at every use:
     * a token seen before with the keys published now is only checked for its issuer and expiry at {@code now}.
     */
    private Optional<JWTClaimsSet> process(ConfigurableJWTProcessor<KeysContext> p,
                                           DefaultJWTClaimsVerifier<KeysContext> claimsCheck, String token,
                                           Instant now) {
        if (!StrictCompactJws.isWellFormed(token)) {
            return Optional.empty();
        }
        KeysContext context = new KeysContext(keys.current());
        Optional<JWTClaimsSet> seen = verified.claims(token, context.keys());
        if (seen.isPresent()) {
            try {
                claimsCheck.verify(seen.get(), context);
                return seen;
            } catch (BadJWTException e) {
                return Optional.empty();
            }
        }
        try {
            JWTClaimsSet claims = p.process(token, context);
            verified.verified(token, context.keys(), claims, now);
            return Optional.of(claims);
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

    /** How many tokens' signatures this node remembers (tests). */
    int rememberedSignatures() {
        return verified.size();
    }

    /** The key set one verification uses from start to end, so that its cache entry names the keys it used. */
    record KeysContext(SigningKeySet keys) implements SecurityContext {
    }
}
