package dev.jeton.persistence;

import dev.jeton.throttle.FailureWindow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The throttle's statements (issue #19), on the caller's connection and in its transaction. Every
 * one touches one row named by a hash, or a handful by primary key, so the table needs no other
 * index than its key on the token path and a distributed SQL database can shard it by that key.
 * <p>
 * A failure is counted by one statement that reads and writes the row atomically: PostgreSQL's
 * {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING} (a concurrent first failure of the same
 * key waits for the other and then adds to it). Elsewhere (H2, one process) an {@code UPDATE}, an
 * {@code INSERT} when there was no row (a duplicate-key race retries the update: H2 undoes just the
 * failed statement), then a {@code SELECT} of the row this transaction now holds locked.
 * In an {@code UPDATE}, every right-hand side reads the row as it was (SQL's rule), so the three
 * {@code CASE}s agree on whether the window had ended.
 */
final class ThrottleRows {

    private static final String ENDED = "case when window_end <= ? then ";
    private static final String UPDATE = "update jeton_throttle_counter set "
            + "failures = " + ENDED + "1 else failures + 1 end, "
            + "window_start = " + ENDED + "? else window_start end, "
            + "window_end = " + ENDED + "? else window_end end where key_hash = ?";
    private static final String INSERT = "insert into jeton_throttle_counter (key_hash, window_start, window_end, "
            + "failures) values (?, ?, ?, 1)";
    private static final String POSTGRESQL_COUNT = INSERT + " on conflict (key_hash) do update set "
            + "failures = case when jeton_throttle_counter.window_end <= excluded.window_start then 1 "
            + "else jeton_throttle_counter.failures + 1 end, "
            + "window_start = case when jeton_throttle_counter.window_end <= excluded.window_start "
            + "then excluded.window_start else jeton_throttle_counter.window_start end, "
            + "window_end = case when jeton_throttle_counter.window_end <= excluded.window_start "
            + "then excluded.window_end else jeton_throttle_counter.window_end end "
            + "returning window_start, window_end, failures";
    private static final String SELECT = "select key_hash, window_start, window_end, failures "
            + "from jeton_throttle_counter where key_hash";
    private static final String POSTGRESQL_REMEMBER = "insert into jeton_known_source (key_hash, last_success_at, "
            + "expires_at) values (?, ?, ?) on conflict (key_hash) do update set "
            + "last_success_at = excluded.last_success_at, expires_at = excluded.expires_at";
    private static final String STANDARD_REMEMBER = "merge into jeton_known_source (key_hash, last_success_at, "
            + "expires_at) key (key_hash) values (?, ?, ?)";

    private ThrottleRows() {
    }

    static Map<String, FailureWindow> windows(Connection c, Collection<String> keyHashes) throws SQLException {
        StringBuilder sql = new StringBuilder(SELECT).append(" in (");
        for (int i = 0; i < keyHashes.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        Map<String, FailureWindow> found = new HashMap<>();
        try (PreparedStatement select = c.prepareStatement(sql.append(')').toString())) {
            int i = 1;
            for (String hash : keyHashes) {
                select.setString(i++, hash);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), window(rows, 2));
                }
            }
        }
        return found;
    }

    static FailureWindow countFailure(Connection c, String keyHash, Instant now, Duration length) throws SQLException {
        Instant end = now.plus(length);
        if (postgresql(c)) {
            try (PreparedStatement upsert = c.prepareStatement(POSTGRESQL_COUNT)) {
                upsert.setString(1, keyHash);
                upsert.setObject(2, utc(now));
                upsert.setObject(3, utc(end));
                try (ResultSet row = upsert.executeQuery()) {
                    row.next();
                    return window(row, 1);
                }
            }
        }
        if (update(c, keyHash, now, end) == 0) {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                insert.setString(1, keyHash);
                insert.setObject(2, utc(now));
                insert.setObject(3, utc(end));
                insert.executeUpdate();
            } catch (SQLException e) {
                // SQLSTATE class 23: another transaction inserted the row first; add to it
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
                update(c, keyHash, now, end);
            }
        }
        try (PreparedStatement select = c.prepareStatement(SELECT + " = ?")) {
            select.setString(1, keyHash);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return window(row, 2);
            }
        }
    }

    private static int update(Connection c, String keyHash, Instant now, Instant end) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(UPDATE)) {
            update.setObject(1, utc(now));
            update.setObject(2, utc(now));
            update.setObject(3, utc(now));
            update.setObject(4, utc(now));
            update.setObject(5, utc(end));
            update.setString(6, keyHash);
            return update.executeUpdate();
        }
    }

    static void clearFailures(Connection c, String keyHash) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("delete from jeton_throttle_counter where key_hash = ?")) {
            delete.setString(1, keyHash);
            delete.executeUpdate();
        }
    }

    static Optional<Instant> lastSuccess(Connection c, String sourceHash, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "select last_success_at from jeton_known_source where key_hash = ? and expires_at > ?")) {
            select.setString(1, sourceHash);
            select.setObject(2, utc(now));
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        }
    }

    static void rememberSuccess(Connection c, String sourceHash, Instant now, Instant expiresAt) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(postgresql(c) ? POSTGRESQL_REMEMBER : STANDARD_REMEMBER)) {
            upsert.setString(1, sourceHash);
            upsert.setObject(2, utc(now));
            upsert.setObject(3, utc(expiresAt));
            upsert.executeUpdate();
        }
    }

    static int purge(Connection c, Instant now) throws SQLException {
        int deleted = 0;
        for (String sql : new String[] {"delete from jeton_throttle_counter where window_end <= ?",
                "delete from jeton_known_source where expires_at <= ?"}) {
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                delete.setObject(1, utc(now));
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    private static FailureWindow window(ResultSet row, int first) throws SQLException {
        return new FailureWindow(row.getObject(first, OffsetDateTime.class).toInstant(),
                row.getObject(first + 1, OffsetDateTime.class).toInstant(), row.getInt(first + 2));
    }

    private static boolean postgresql(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
