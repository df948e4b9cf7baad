package dev.jeton.grant;

import dev.jeton.grant.authorizationcode.AuthorizationCode;
import dev.jeton.grant.authorizationcode.AuthorizationCodeStore;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.grant.family.TokenFamilyStore;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory code and family stores with the same single-use semantics as the JPA ones. */
public final class MemoryGrantStores implements AuthorizationCodeStore, TokenFamilyStore {

    private final Map<String, StoredCode> codes = new HashMap<>();
    private final Map<String, TokenFamily> families = new HashMap<>();
    private final Map<String, RefreshTokenRecord> refreshTokens = new HashMap<>();
    private final Map<String, String> accessTokenFamilies = new HashMap<>();
    public final Set<String> revokedFamilies = new HashSet<>();

    @Override
    public synchronized void save(AuthorizationCode code) {
        codes.put(code.codeHash(), new StoredCode(code, false, null));
    }

    @Override
    public synchronized Optional<StoredCode> find(String codeHash) {
        return Optional.ofNullable(codes.get(codeHash));
    }

    @Override
    public synchronized boolean claim(String codeHash, String familyId, Instant now) {
        StoredCode c = codes.get(codeHash);
        if (c == null || c.consumed()) {
            return false;
        }
        codes.put(codeHash, new StoredCode(c.code(), true, familyId));
        return true;
    }

    @Override
    public synchronized int purgeExpired(Instant cutoff) {
        int before = codes.size();
        codes.values().removeIf(c -> c.code().expiresAt().isBefore(cutoff));
        return before - codes.size();
    }

    @Override
    public synchronized void createFamily(TokenFamily family) {
        families.put(family.id(), family);
    }

    @Override
    public synchronized Optional<TokenFamily> findFamily(String familyId) {
        return Optional.ofNullable(families.get(familyId));
    }

    @Override
    public synchronized void revokeFamily(String familyId, String reason, Instant now) {
        TokenFamily f = families.get(familyId);
        if (f != null && !f.revoked()) {
            families.put(familyId, new TokenFamily(f.id(), f.clientId(), f.subject(), f.scope(), f.authTime(),
                    f.createdAt(), f.absoluteExpiry(), now, reason, f.userinfoClaims(), f.dpopKeyThumbprint(), f.resources()));
        }
        refreshTokens.replaceAll((hash, t) -> t.familyId().equals(familyId) && !t.consumed()
                ? new RefreshTokenRecord(t.tokenHash(), t.familyId(), t.clientId(), t.scope(), t.issuedAt(),
                t.expiresAt(), now, t.successorHash(), null) : t);
        revokedFamilies.add(familyId);
    }

    @Override
    public synchronized void saveRefreshToken(RefreshTokenRecord token) {
        refreshTokens.put(token.tokenHash(), token);
    }

    @Override
    public synchronized Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
        return Optional.ofNullable(refreshTokens.get(tokenHash));
    }

    @Override
    public synchronized boolean consumeRefreshToken(String tokenHash, String successorHash, byte[] sealedResponse,
                                                    Instant now) {
        RefreshTokenRecord t = refreshTokens.get(tokenHash);
        if (t == null || t.consumed()) {
            return false;
        }
        refreshTokens.put(tokenHash, new RefreshTokenRecord(t.tokenHash(), t.familyId(), t.clientId(), t.scope(),
                t.issuedAt(), t.expiresAt(), now, successorHash, sealedResponse));
        return true;
    }

    @Override
    public synchronized void recordAccessToken(String jwtId, String familyId, Instant expiresAt) {
        accessTokenFamilies.put(jwtId, familyId);
    }

    /** The jtis of the access tokens recorded for a family (what was issued in it). */
    public synchronized Set<String> accessTokensOf(String familyId) {
        Set<String> jtis = new HashSet<>();
        accessTokenFamilies.forEach((jti, family) -> {
            if (family.equals(familyId)) {
                jtis.add(jti);
            }
        });
        return jtis;
    }

    @Override
    public synchronized Optional<TokenFamily> familyOfAccessToken(String jwtId) {
        return Optional.ofNullable(accessTokenFamilies.get(jwtId)).map(families::get);
    }

    @Override
    public synchronized boolean isAccessTokenRevoked(String jwtId) {
        String family = accessTokenFamilies.get(jwtId);
        return family != null && (revokedFamilies.contains(family) || revokedAccessTokens.contains(jwtId));
    }

    /** Access tokens revoked one by one (a family that outlived its session). */
    public final Set<String> revokedAccessTokens = new HashSet<>();

    @Override
    public synchronized java.util.List<TokenFamily> familiesOfSession(String sid) {
        return families.values().stream().filter(f -> sid.equals(f.sid())).toList();
    }

    @Override
    public synchronized void detachFromSession(String familyId) {
        revokedAccessTokens.addAll(accessTokensOf(familyId));
        families.computeIfPresent(familyId, (id, f) -> f.withSession(null));
    }
}
