package dev.jeton.lifecycle;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token introspection (RFC 7662). Our access tokens are JWTs: the signature, {@code typ}, issuer
 * and expiry are checked first, then the state: revoked one by one (RFC 7009), or with its family
 * (reuse of a refresh token or code, RFC 9700 §4.14.2), or issued to a client that no longer exists
 * or is disabled. Refresh tokens are opaque and looked up by hash. An ID token is not a token a
 * resource server accepts (its {@code typ} is not at+jwt) and is inactive here.
 * <p>
 * RFC 7662 §2.2: anything the caller may not see is answered exactly like an unknown token.
 */
@ApplicationScoped
public class TokenIntrospection {

    private LiveAccessTokens liveAccessTokens;
    private TokenFamilyStore families;
    private ClientStore clients;
    private String issuer;
    private dev.jeton.client.PairwiseSubjects subjects;

    @Inject
    public TokenIntrospection(AccessTokenVerifier verifier, TokenFamilyStore families, RevocationStore revocations,
                              ClientStore clients, JetonSettings settings, dev.jeton.client.PairwiseSubjects subjects) {
        this(verifier, families, revocations, clients, settings);
        this.subjects = Objects.requireNonNull(subjects);
    }

    /** Without pairwise clients (unit tests that are not about OIDC Core §8.1). */
    public TokenIntrospection(AccessTokenVerifier verifier, TokenFamilyStore families, RevocationStore revocations,
                              ClientStore clients, JetonSettings settings) {
        this.subjects = new dev.jeton.client.PairwiseSubjects(() -> {
            throw new IllegalStateException("no pairwise key");
        });
        this.liveAccessTokens = new LiveAccessTokens(verifier, families, revocations, clients);
        this.families = Objects.requireNonNull(families);
        this.clients = Objects.requireNonNull(clients);
        this.issuer = settings.issuer().toString();
    }

    /** For CDI's client proxy only. */
    protected TokenIntrospection() {
    }

    /**
     * @param hint the {@code token_type_hint}, or null: only the order in which the kinds are tried
     *             (RFC 7662 §2.1, a hint the server may ignore)
     */
    public Introspection introspect(String token, String hint, RegisteredClient caller, Instant now) {
        if (token == null || token.isEmpty() || token.length() > 8192) {
            return Introspection.INACTIVE;
        }
        boolean refreshFirst = "refresh_token".equals(hint);
        Optional<Introspection> found = refreshFirst ? refreshToken(token, caller, now) : accessToken(token, caller);
        if (found.isEmpty()) {
            found = refreshFirst ? accessToken(token, caller) : refreshToken(token, caller, now);
        }
        return found.orElse(Introspection.INACTIVE);
    }

    /** The verified claims of one of our live access tokens, or empty ({@link LiveAccessTokens}). */
    public Optional<JWTClaimsSet> liveAccessToken(String token) {
        return liveAccessTokens.live(token);
    }

    private Optional<Introspection> accessToken(String token, RegisteredClient caller) {
        Optional<JWTClaimsSet> live = liveAccessToken(token);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        JWTClaimsSet claims = live.get();
        String clientId = stringClaim(claims, "client_id");
        List<String> audience = claims.getAudience();
        if (!TokenVisibility.maySee(caller, clientId, audience)) {
            return Optional.empty();
        }
        Map<String, Object> members = new LinkedHashMap<>();
        putIfPresent(members, "scope", stringClaim(claims, "scope"));
        members.put("client_id", clientId);
        members.put("sub", claims.getSubject());
        members.put("aud", audience.size() == 1 ? audience.get(0) : audience);
        members.put("iss", claims.getIssuer());
        members.put("exp", claims.getExpirationTime().toInstant().getEpochSecond());
        members.put("iat", claims.getIssueTime().toInstant().getEpochSecond());
        members.put("jti", claims.getJWTID());
        Object cnf = claims.getClaim("cnf");
        // RFC 9449 §6.2: a DPoP-bound token says so by its confirmation claim and its type
        members.put("token_type", cnf instanceof Map<?, ?> c && c.containsKey("jkt") ? "DPoP" : "Bearer");
        if (cnf instanceof Map<?, ?> c) {
            members.put("cnf", c);
        }
        return Optional.of(new Introspection(true, members));
    }

    private Optional<Introspection> refreshToken(String token, RegisteredClient caller, Instant now) {
        Optional<RefreshTokenRecord> found = families.findRefreshToken(TokenHashes.sha256(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RefreshTokenRecord record = found.get();
        // a refresh token is only ever presented by the client it was issued to (RFC 6749 §10.4)
        if (!caller.clientId().equals(record.clientId())) {
            return Optional.empty();
        }
        Optional<TokenFamily> family = families.findFamily(record.familyId());
        if (record.consumed() || !now.isBefore(record.expiresAt()) || family.isEmpty() || family.get().revoked()
                || !now.isBefore(family.get().absoluteExpiry()) || !clientStillEnabled(record.clientId())) {
            return Optional.empty();
        }
        Instant expiry = record.expiresAt().isBefore(family.get().absoluteExpiry()) ? record.expiresAt()
                : family.get().absoluteExpiry();
        Map<String, Object> members = new LinkedHashMap<>();
        putIfPresent(members, "scope", record.scope().isEmpty() ? null : record.scope());
        members.put("client_id", record.clientId());
        // OIDC Core §8.1: the sub the client was told (its access and ID tokens carry the same), never the local one
        members.put("sub", subjects.subjectFor(caller, family.get().subject()));
        members.put("iss", issuer);
        members.put("exp", expiry.getEpochSecond());
        members.put("iat", record.issuedAt().getEpochSecond());
        // not an access token type (RFC 6749 §7.1); says which kind of token was found
        members.put("token_type", "refresh_token");
        return Optional.of(new Introspection(true, members));
    }

    private boolean clientStillEnabled(String clientId) {
        return clientId != null && clients.find(clientId).map(RegisteredClient::enabled).orElse(false);
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }

    private static void putIfPresent(Map<String, Object> members, String name, Object value) {
        if (value != null) {
            members.put(name, value);
        }
    }
}
