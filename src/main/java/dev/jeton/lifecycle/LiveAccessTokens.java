package dev.jeton.lifecycle;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one answer to "is this one of our access tokens, and alive now?", for every place that takes
 * one: a protected endpoint (RFC 6750), introspection (RFC 7662) and token exchange's subject and
 * actor tokens (RFC 8693 §2.1). Alive means: our signature, type, issuer and expiry; not revoked on
 * its own (RFC 7009) nor with its family (refresh or code reuse, RFC 9700 §4.14.2); and issued to a
 * client that is still registered and enabled (an operator's switch, a deletion through RFC 7592, a
 * client dropped from the clients file). One check, so that a token refused in one place is
 * refused in all of them: token exchange once accepted an access token revoked on its own.
 */
@ApplicationScoped
public class LiveAccessTokens {

    private AccessTokenVerifier verifier;
    private TokenFamilyStore families;
    private RevocationStore revocations;
    private ClientStore clients;

    @Inject
    public LiveAccessTokens(AccessTokenVerifier verifier, TokenFamilyStore families, RevocationStore revocations,
                            ClientStore clients) {
        this.verifier = Objects.requireNonNull(verifier);
        this.families = Objects.requireNonNull(families);
        this.revocations = Objects.requireNonNull(revocations);
        this.clients = Objects.requireNonNull(clients);
    }

    /** For CDI's client proxy only. */
    protected LiveAccessTokens() {
    }

    /** Why a token is not alive, for an audit event; a caller answers all of them alike. */
    public enum Verdict { ALIVE, INVALID, REVOKED, CLIENT_NOT_ENABLED }

    /** A verdict and, when {@link Verdict#ALIVE}, the token's verified claims. */
    public record Check(Verdict verdict, JWTClaimsSet claims) {
        public Optional<JWTClaimsSet> alive() {
            return verdict == Verdict.ALIVE ? Optional.of(claims) : Optional.empty();
        }
    }

    /** The verified claims of {@code token} when it is one of our access tokens and alive now (the system clock). */
    public Optional<JWTClaimsSet> live(String token) {
        return check(verifier.verify(token)).alive();
    }

    /** {@code token} checked at {@code now}: for the core, which takes the time from the request. */
    public Check check(String token, Instant now) {
        return check(verifier.verify(token, now));
    }

    private Check check(Optional<JWTClaimsSet> verified) {
        if (verified.isEmpty()) {
            return new Check(Verdict.INVALID, null);
        }
        JWTClaimsSet claims = verified.get();
        String jti = claims.getJWTID();
        if (revocations.isRevoked(jti) || families.isAccessTokenRevoked(jti)) {
            return new Check(Verdict.REVOKED, null);
        }
        if (!clientStillEnabled(claims)) {
            return new Check(Verdict.CLIENT_NOT_ENABLED, null);
        }
        return new Check(Verdict.ALIVE, claims);
    }

    private boolean clientStillEnabled(JWTClaimsSet claims) {
        String clientId;
        try {
            clientId = claims.getStringClaim("client_id");
        } catch (ParseException e) {
            return false;
        }
        return clientId != null && clients.find(clientId).map(RegisteredClient::enabled).orElse(false);
    }
}
