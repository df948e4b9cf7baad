package dev.jeton.audit.outbox;

import jakarta.persistence.EntityManager;

/** The JPA outbox over a test database's EntityManager, for tests in other packages. */
public final class JpaOutboxes {

    private JpaOutboxes() {
    }

    public static JpaAuditOutbox over(EntityManager em) {
        JpaAuditOutbox outbox = new JpaAuditOutbox();
        outbox.em = em;
        return outbox;
    }
}
