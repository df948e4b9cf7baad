package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox's one write per event: a plain INSERT on the caller's connection, in its transaction.
 * <p>
 * Why not {@code em.persist}: every token request appends at least one event, and through JPA that
 * row costs an entity in the persistence context, a flush and its dirty check at commit, and the
 * block-wise id allocation - the largest share of the token path after the signature in a profile
 * under client_credentials load (issue #13). The statement here is all of it that "nothing lost"
 * needs: the row commits with the grant state or not at all.
 * <p>
 * The {@code seq} comes from the database's sequence in the statement itself, so append order is
 * the database's order on every node (Hibernate's pooled ids were handed out in blocks per node,
 * so one grant's events could leave out of order when its requests met different nodes). The
 * sequence steps by 50, which the pooled allocator of older versions took as blocks ending at the
 * value it got: a value one node takes here is never inside a block another node took.
 */
final class AuditOutboxRows {

    private static final String COLUMNS = "insert into jeton_audit_outbox (seq, event_id, event_name, payload, "
            + "created_at) values (";
    static final String POSTGRESQL_INSERT = COLUMNS + "nextval('jeton_audit_outbox_seq'), ?, ?, ?, ?)";
    /** H2 and the SQL standard. */
    static final String STANDARD_INSERT = COLUMNS + "next value for jeton_audit_outbox_seq, ?, ?, ?, ?)";

    /**
     * The relay's read: the oldest rows, locked so that two relays (two threads, two nodes) never send the same
     * ones. Plain JDBC like the insert: through JPA each row was an entity to hydrate and dirty-check at commit.
     */
    static final String OLDEST = "select seq, event_id, event_name, payload, created_at from jeton_audit_outbox "
            + "order by seq fetch first ? rows only for update";
    static final String REMOVE = "delete from jeton_audit_outbox where seq = ?";

    private AuditOutboxRows() {
    }

    static List<PendingAuditEvent> oldest(Connection c, int max) throws SQLException {
        List<PendingAuditEvent> events = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(OLDEST)) {
            select.setInt(1, max);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(new PendingAuditEvent(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return events;
    }

    /** One statement, executed as a batch of its rows (the same text every time: parsed once per connection). */
    static void remove(Connection c, List<PendingAuditEvent> events) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(REMOVE)) {
            for (PendingAuditEvent event : events) {
                delete.setLong(1, event.sequence());
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    static void insert(Connection c, AuditEvent event) throws SQLException {
        String sql = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) ? POSTGRESQL_INSERT : STANDARD_INSERT;
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            insert.setString(1, event.id());
            insert.setString(2, event.name().wireValue());
            insert.setString(3, AuditEventJson.write(event));
            insert.setObject(4, event.time().atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }
}
