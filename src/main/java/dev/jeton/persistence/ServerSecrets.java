package dev.jeton.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;

/**
 * Secrets every node of a cluster must share and that no operator configured, kept in the database
 * they share (issue #19): the first node to ask makes 256 random bits, every node reads the same.
 * Used for the key of the stateless DPoP nonces when {@code jeton.dpop.nonce-secret} is unset, so a
 * nonce one node issued is accepted by the others (and after a restart) without configuration.
 * Whoever can read the database can read these; a configured secret keeps them out of it.
 */
@ApplicationScoped
public class ServerSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "jeton")
    EntityManager em;
    @Inject
    Clock clock;

    /** The secret named {@code name}, made now if no node made it before. In a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public byte[] shared(String name) {
        byte[] candidate = new byte[32];
        RANDOM.nextBytes(candidate);
        Instant now = clock.instant();
        return em.unwrap(Session.class).doReturningWork(c -> ServerSecretRows.shared(c, name, candidate, now));
    }
}
