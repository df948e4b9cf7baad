package dev.jeton.jose;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.vocabulary.TokenHashes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens whose signature and type this node has already verified, with their claims, so that the
 * same token presented again (a resource server introspecting it on every call, a client calling userinfo
 * with it) costs no second ECDSA verification, the largest part of an introspection (issue #13).
 * <p>
 * What a hit skips is only what cannot change for the same token text: the signature over it and its header.
 * The caller still checks the claims (issuer, expiry) at the time of each use, and the token's state
 * (revocation, its client) is not kept here at all. An entry holds for the key set it was verified with: when
 * the published keys change (rotation, a key removed or past retention), {@link SigningKeySource#current()}
 * is another set and every entry is verified again. Entries are keyed by the token's SHA-256, so the heap
 * holds no bearer token longer than its request. Bounded: past {@code capacity} entries the expired ones go,
 * and when all are live the cache starts again empty (a miss costs only the verification it saves).
 */
final class VerifiedSignatures {

    private record Entry(SigningKeySet keys, JWTClaimsSet claims, Instant expiry) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;

    VerifiedSignatures(int capacity) {
        this.capacity = capacity;
    }

    /** The claims of {@code token} when it was verified with {@code keys}, the key set published now. */
    Optional<JWTClaimsSet> claims(String token, SigningKeySet keys) {
        Entry entry = entries.get(TokenHashes.sha256(token));
        return entry != null && entry.keys() == keys ? Optional.of(entry.claims()) : Optional.empty();
    }

    /** Remembers that {@code token}'s signature verified with {@code keys}; its claims passed at that time. */
    void verified(String token, SigningKeySet keys, JWTClaimsSet claims, Instant now) {
        if (claims.getExpirationTime() == null) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(e -> !now.isBefore(e.expiry()));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(TokenHashes.sha256(token), new Entry(keys, claims, claims.getExpirationTime().toInstant()));
    }

    int size() {
        return entries.size();
    }
}
