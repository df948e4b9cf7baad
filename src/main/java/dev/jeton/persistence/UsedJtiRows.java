package dev.jeton.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The statements of {@link JpaReplayStore}, in the caller's transaction (the token request's one)
 * and on its connection.
 * <p>
 * Why not a transaction of its own: a {@code REQUIRES_NEW} statement needs a second pooled
 * connection while the request's transaction holds the first, so under load every request thread
 * held one connection and waited for another - the pool ran dry and private_key_jwt and DPoP
 * requests stalled for the pool's timeout, then failed (seen at 64 concurrent clients).
 * <p>
 * Why plain SQL: a duplicate-key failure through JPA marks the whole transaction for rollback, and
 * on PostgreSQL any failed statement aborts it; a request that is refused as a replay must still
 * commit its audit events. So the statement is one that never fails on a taken value: PostgreSQL's
 * {@code ON CONFLICT} (which also waits for a concurrent uncommitted insert of the same value and
 * then sees it), and elsewhere (H2) an insert whose unique-constraint failure is caught - H2 undoes
 * just the failed statement, not the transaction.
 */
@ApplicationScoped
public class UsedJtiRows {

    private static final String COLUMNS = "insert into jeton_used_jti (id, kind, jti_hash, expires_at, used_at) "
            + "values (?, ?, ?, ?, ?)";
    /** An expired row that was not purged yet is taken over; a live one leaves the count at 0. */
    private static final String POSTGRESQL_TAKE = COLUMNS + " on conflict (kind, jti_hash) do update set "
            + "id = excluded.id, expires_at = excluded.expires_at, used_at = excluded.used_at "
            + "where jeton_used_jti.expires_at <= ?";
    private static final String DELETE_EXPIRED = "delete from jeton_used_jti where kind = ? and jti_hash = ? "
            + "and expires_at <= ?";

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /**
     * Takes (kind, hash) until {@code expiresAt}, in the caller's transaction. False when a live row
     * already holds it (a replay). A database fault is thrown, never taken for a replay.
     */
    @Transactional
    public boolean take(String kind, String hash, Instant expiresAt, Instant now) {
        return em.unwrap(Session.class).doReturningWork(c -> take(c, kind, hash, expiresAt, now));
    }

    static boolean take(Connection c, String kind, String hash, Instant expiresAt, Instant now) throws SQLException {
        if ("PostgreSQL".equals(c.getMetaData().getDatabaseProductName())) {
            try (PreparedStatement insert = c.prepareStatement(POSTGRESQL_TAKE)) {
                bindRow(insert, kind, hash, expiresAt, now);
                insert.setObject(6, utc(now));
                return insert.executeUpdate() == 1;
            }
        }
        try (PreparedStatement delete = c.prepareStatement(DELETE_EXPIRED)) {
            delete.setString(1, kind);
            delete.setString(2, hash);
            delete.setObject(3, utc(now));
            delete.executeUpdate();
        }
        try (PreparedStatement insert = c.prepareStatement(COLUMNS)) {
            bindRow(insert, kind, hash, expiresAt, now);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            // SQLSTATE class 23 is an integrity constraint violation: here only uk_used_jti can be it
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        }
    }

    private static void bindRow(PreparedStatement insert, String kind, String hash, Instant expiresAt, Instant now)
            throws SQLException {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, kind);
        insert.setString(3, hash);
        insert.setObject(4, utc(expiresAt));
        insert.setObject(5, utc(now));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * In a transaction of its own: a purge is housekeeping that must not grow the request's
     * transaction; it runs once per interval per node, so its second connection cannot starve the pool.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeExpired(Instant now) {
        return em.createQuery("delete from UsedJtiEntity u where u.expiresAt <= :now")
                .setParameter("now", now).executeUpdate();
    }
}
