package dev.jeton.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The code redemption's one conditional update, as plain SQL on the transaction's connection: through JPQL
 * Hibernate translated it to SQL again at every redemption (see {@link RefreshTokenRows}, issue #13). Of two
 * concurrent redemptions of one code exactly one updates the row (RFC 6749 §4.1.2: a code is used once).
 */
final class AuthorizationCodeRows {

    static final String CLAIM = "update jeton_authorization_code set consumed = true, family_id = ?, consumed_at = ? "
            + "where code_hash = ? and consumed = false";

    private AuthorizationCodeRows() {
    }

    /** Whether this call claimed the code (a row with that hash, not claimed before). */
    static boolean claim(Connection c, String codeHash, String familyId, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(CLAIM)) {
            update.setString(1, familyId);
            update.setObject(2, now.atOffset(ZoneOffset.UTC));
            update.setString(3, codeHash);
            return update.executeUpdate() == 1;
        }
    }
}
