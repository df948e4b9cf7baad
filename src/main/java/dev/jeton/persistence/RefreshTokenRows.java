package dev.jeton.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The rotation's one conditional update, as plain SQL on the transaction's connection. Through JPQL every
 * rotation translated the update from its query tree to SQL again (Hibernate 6.6 does not keep the SQL of a
 * mutation query), about a sixth of a refresh's CPU in a profile under refresh load (issue #13). The
 * statement is the same: of two concurrent rotations of one token exactly one updates the row
 * (RFC 9700 §4.14.2), on H2 and PostgreSQL alike.
 */
final class RefreshTokenRows {

    static final String CONSUME = "update jeton_refresh_token set consumed_at = ?, successor_hash = ?, "
            + "sealed_response = ? where token_hash = ? and consumed_at is null";

    private RefreshTokenRows() {
    }

    /** Whether this call consumed the token (a row with that hash, not consumed before). */
    static boolean consume(Connection c, String tokenHash, String successorHash, byte[] sealedResponse, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(CONSUME)) {
            update.setObject(1, now.atOffset(ZoneOffset.UTC));
            update.setString(2, successorHash);
            if (sealedResponse == null) {
                update.setNull(3, Types.VARBINARY);
            } else {
                update.setBytes(3, sealedResponse);
            }
            update.setString(4, tokenHash);
            return update.executeUpdate() == 1;
        }
    }
}
