package dev.jeton.persistence;

import dev.jeton.client.RegisteredClient;
import dev.jeton.client.registration.RegistrationStore;
import dev.jeton.grant.family.TokenFamilyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Dynamically registered clients: rows of the client table with source {@code dynamic}. */
@ApplicationScoped
public class JpaRegistrationStore implements RegistrationStore {

    static final String SOURCE = "dynamic";

    @PersistenceContext(unitName = "jeton")
    EntityManager em;
    @Inject
    JpaClientStore clients;
    @Inject
    TokenFamilyStore families;

    @Override
    @Transactional
    public void create(RegisteredClient client, String registrationTokenHash, Instant now) {
        if (em.find(ClientEntity.class, client.clientId()) != null) {
            throw new IllegalStateException("client id collision: " + client.clientId());
        }
        clients.save(client, SOURCE, now);
        em.flush();
        em.find(ClientEntity.class, client.clientId()).setRegistrationTokenHash(registrationTokenHash);
    }

    @Override
    public Optional<Registration> find(String clientId) {
        if (clientId == null || clientId.length() > 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(ClientEntity.class, clientId))
                .filter(e -> SOURCE.equals(e.getSource()) && e.getRegistrationTokenHash() != null)
                .map(e -> new Registration(JpaClientStore.toClient(e), e.getRegistrationTokenHash(), e.getCreatedAt()));
    }

    @Override
    @Transactional
    public void update(RegisteredClient client, Instant now) {
        clients.save(client, SOURCE, now);
    }

    @Override
    @Transactional
    public void delete(String clientId, Instant now) {
        // RFC 7592 §2.3: the client's grants end with it
        List<String> live = em.createQuery("select f.id from TokenFamilyEntity f where f.clientId = :c"
                + " and f.revokedAt is null", String.class).setParameter("c", clientId).getResultList();
        for (String family : live) {
            families.revokeFamily(family, "CLIENT_DELETED", now);
        }
        Bulk.update(em, em.createQuery("delete from ClientEntity c where c.clientId = :c and c.source = :s")
                .setParameter("c", clientId).setParameter("s", SOURCE));
    }
}
