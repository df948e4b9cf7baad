package dev.jeton.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

/**
 * Runs a JPQL update or delete. Such statements bypass the persistence context, so entities it
 * already holds would go on showing the old state for the rest of the transaction (a token read
 * as live just after it was consumed). Pending changes are written first, then the context is
 * emptied so the next read goes to the database. Stores hand out records, never entities, so
 * nothing a caller holds is detached by this.
 */
final class Bulk {

    private Bulk() {
    }

    static int update(EntityManager em, Query statement) {
        em.flush();
        int rows = statement.executeUpdate();
        em.clear();
        return rows;
    }
}
