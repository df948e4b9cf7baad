package dev.jeton.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;

/**
 * The statements of {@link ServerSecrets}: the first node inserts a fresh secret, and every node,
 * that one included, then reads the row that won. On PostgreSQL the insert says
 * {@code ON CONFLICT DO NOTHING} (a concurrent insert of the same name is waited for); elsewhere
 * (H2) its duplicate-key failure is caught, which undoes only that statement.
 */
final class ServerSecretRows {

    private static final String INSERT = "insert into jeton_server_secret (name, secret, created_at) values (?, ?, ?)";

    private ServerSecretRows() {
    }

    static byte[] shared(Connection c, String name, byte[] candidate, Instant now) throws SQLException {
        Optional<byte[]> existing = read(c, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        boolean postgresql = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        try (PreparedStatement insert = c.prepareStatement(postgresql ? INSERT + " on conflict (name) do nothing" : INSERT)) {
            insert.setString(1, name);
            insert.setString(2, Base64.getUrlEncoder().withoutPadding().encodeToString(candidate));
            insert.setObject(3, now.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            // SQLSTATE class 23: another node inserted it first; its value is read below
            if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                throw e;
            }
        }
        return read(c, name).orElseThrow(() -> new SQLException("the server secret " + name + " was not stored"));
    }

    private static Optional<byte[]> read(Connection c, String name) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select secret from jeton_server_secret where name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(Base64.getUrlDecoder().decode(row.getString(1))) : Optional.empty();
            }
        }
    }
}
