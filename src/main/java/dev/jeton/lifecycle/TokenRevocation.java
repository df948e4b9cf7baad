package dev.jeton.lifecycle;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Token revocation (RFC 7009). A refresh token takes its whole family with it: every refresh token
 * and every access token of that grant (§2.1 allows it; RFC 9700 §4.14.2 is the reason to do it).
 * An access token is recorded by {@code jti} until it expires. A token that is unknown, already
 * dead, or another client's changes nothing, and the client is told nothing more (§2.2: 200 either
 * way); only the audit event says what happened.
 */
@ApplicationScoped
public class TokenRevocation {

    /** What the audit event says about a revocation request that changed nothing. */
    public enum Ignored { UNKNOWN_TOKEN, FOREIGN_TOKEN }

    static final String REVOKED_BY_CLIENT = "REVOKED_BY_CLIENT";

    private AccessTokenVerifier verifier;
    private TokenFamilyStore families;
    private RevocationStore revocations;

    @Inject
    public TokenRevocation(AccessTokenVerifier verifier, TokenFamilyStore families, RevocationStore revocations) {
        this.verifier = Objects.requireNonNull(verifier);
        this.families = Objects.requireNonNull(families);
        this.revocations = Objects.requireNonNull(revocations);
    }

    /** For CDI's client proxy only. */
    protected TokenRevocation() {
    }

    /** Revokes what there is to revoke; returns the audit event describing it. */
    public AuditEvent revoke(String token, String hint, RegisteredClient client, Instant now, String clientAddress) {
        boolean refreshFirst = !"access_token".equals(hint);
        Optional<AuditEvent> done = refreshFirst ? refreshToken(token, client, now, clientAddress)
                : accessToken(token, client, now, clientAddress);
        if (done.isEmpty()) {
            done = refreshFirst ? accessToken(token, client, now, clientAddress)
                    : refreshToken(token, client, now, clientAddress);
        }
        return done.orElseGet(() -> event(now, client, null, null, Ignored.UNKNOWN_TOKEN.name(), clientAddress));
    }

    private Optional<AuditEvent> refreshToken(String token, RegisteredClient client, Instant now, String address) {
        Optional<RefreshTokenRecord> found = families.findRefreshToken(TokenHashes.sha256(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!found.get().clientId().equals(client.clientId())) {
            // §2.1: the server verifies the token was issued to the client asking
            return Optional.of(event(now, client, null, null, Ignored.FOREIGN_TOKEN.name(), address));
        }
        String family = found.get().familyId();
        families.revokeFamily(family, REVOKED_BY_CLIENT, now);
        String subject = families.findFamily(family).map(f -> f.subject()).orElse(null);
        return Optional.of(event(now, client, subject, null, "refresh_token", address));
    }

    private Optional<AuditEvent> accessToken(String token, RegisteredClient client, Instant now, String address) {
        // an expired or forged token is not found: there is nothing left to revoke
        Optional<JWTClaimsSet> verified = verifier.verify(token);
        if (verified.isEmpty()) {
            return Optional.empty();
        }
        JWTClaimsSet claims = verified.get();
        if (!client.clientId().equals(clientId(claims))) {
            return Optional.of(event(now, client, null, null, Ignored.FOREIGN_TOKEN.name(), address));
        }
        revocations.revoke(claims.getJWTID(), client.clientId(), claims.getExpirationTime().toInstant(), now);
        return Optional.of(event(now, client, claims.getSubject(), claims.getJWTID(), "access_token", address));
    }

    private static String clientId(JWTClaimsSet claims) {
        try {
            return claims.getStringClaim("client_id");
        } catch (ParseException e) {
            return null;
        }
    }

    /** A success names the kind of token revoked in {@code reason}; a no-op names why nothing happened. */
    private static AuditEvent event(Instant now, RegisteredClient client, String subject, String jti, String reason,
                                    String address) {
        boolean revoked = reason.equals("refresh_token") || reason.equals("access_token");
        return new AuditEvent(UUID.randomUUID().toString(), now, AuditEventName.TOKEN_REVOKED, client.clientId(), null,
                revoked ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, null, reason, subject, jti,
                address);
    }
}
