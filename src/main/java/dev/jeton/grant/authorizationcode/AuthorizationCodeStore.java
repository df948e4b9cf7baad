package dev.jeton.grant.authorizationcode;

import java.time.Instant;
import java.util.Optional;

/** Authorization codes, by hash. */
public interface AuthorizationCodeStore {

    void save(AuthorizationCode code);

    /** The code with its state, whether spent or not. */
    Optional<StoredCode> find(String codeHash);

    /**
     * Spends the code for the token family {@code familyId}: one conditional update
     * ({@code ... where hash = :h and consumed = false}); true only for the one caller that won.
     */
    boolean claim(String codeHash, String familyId, Instant now);

    /** Deletes codes that expired before {@code cutoff}; returns how many. */
    int purgeExpired(Instant cutoff);

    /** @param familyId the token family issued from the code once spent, else null */
    record StoredCode(AuthorizationCode code, boolean consumed, String familyId) {
    }
}
