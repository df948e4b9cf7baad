package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;

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

    private AuditOutboxRows() {
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
