package dev.jeton.grant;

import dev.jeton.audit.outbox.AuditOutbox;
import dev.jeton.boot.Startup;
import dev.jeton.config.UpwardImportFixture;
import dev.jeton.persistence.JpaClientStore;
import dev.jeton.web.TokenResource;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Response;

/**
 * What LayeringTest must catch: a core class that reaches JPA, the persistence adapter, the web
 * layer, the outbox, JMS, JAX-RS and the wiring, and (with {@link UpwardImportFixture}) forms a
 * package cycle. Test code only; never deployed.
 */
public class CoreViolationFixture {

    EntityManager em;
    JpaClientStore store;
    TokenResource resource;
    AuditOutbox outbox;
    Queue queue;
    Response response;
    Startup startup;
    UpwardImportFixture foundation;
}
