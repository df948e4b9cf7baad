package dev.jeton.persistence;

import dev.jeton.grant.devicecode.DeviceAuthorization;
import dev.jeton.grant.devicecode.DeviceAuthorizationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Device authorization requests in the database. */
@ApplicationScoped
public class JpaDeviceAuthorizationStore implements DeviceAuthorizationStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public void save(DeviceAuthorization d) {
        DeviceAuthorizationEntity e = new DeviceAuthorizationEntity();
        e.setDeviceCodeHash(d.deviceCodeHash());
        e.setUserCodeHash(d.userCodeHash());
        e.setClientId(d.clientId());
        e.setScope(d.scope());
        e.setResources(dev.jeton.vocabulary.ResourceIndicators.join(d.resources()));
        e.setCreatedAt(d.createdAt());
        e.setExpiresAt(d.expiresAt());
        e.setIntervalSeconds(d.interval().toSeconds());
        e.setLastPolledAt(d.lastPolledAt());
        e.setStatus(d.status().name());
        e.setSubject(d.subject());
        e.setAuthTime(d.authTime());
        e.setConsumed(d.consumed());
        em.persist(e);
    }

    @Override
    public Optional<DeviceAuthorization> findByDeviceCode(String deviceCodeHash) {
        return Optional.ofNullable(em.find(DeviceAuthorizationEntity.class, deviceCodeHash))
                .map(JpaDeviceAuthorizationStore::toRecord);
    }

    @Override
    public Optional<DeviceAuthorization> findByUserCode(String userCodeHash, Instant now) {
        return em.createQuery("select d from DeviceAuthorizationEntity d where d.userCodeHash = :h"
                        + " and d.expiresAt > :now", DeviceAuthorizationEntity.class)
                .setParameter("h", userCodeHash).setParameter("now", now)
                .setMaxResults(1).getResultStream().findFirst().map(JpaDeviceAuthorizationStore::toRecord);
    }

    @Override
    @Transactional
    public boolean decide(String deviceCodeHash, DeviceAuthorization.Status decision, String subject, Instant authTime,
                          Instant now) {
        return Bulk.update(em, em.createQuery("update DeviceAuthorizationEntity d set d.status = :s,"
                        + " d.subject = :sub, d.authTime = :at, d.decidedAt = :now"
                        + " where d.deviceCodeHash = :h and d.status = 'PENDING' and d.expiresAt > :now")
                .setParameter("s", decision.name()).setParameter("sub", subject).setParameter("at", authTime)
                .setParameter("now", now).setParameter("h", deviceCodeHash)) == 1;
    }

    @Override
    @Transactional
    public void recordPoll(String deviceCodeHash, Instant polledAt, Duration interval) {
        Bulk.update(em, em.createQuery("update DeviceAuthorizationEntity d set d.lastPolledAt = :t,"
                        + " d.intervalSeconds = :i where d.deviceCodeHash = :h")
                .setParameter("t", polledAt).setParameter("i", interval.toSeconds()).setParameter("h", deviceCodeHash));
    }

    @Override
    @Transactional
    public boolean consume(String deviceCodeHash, Instant now) {
        // one conditional update: the database decides the single winner (RFC 8628 §3.5: tokens once)
        return Bulk.update(em, em.createQuery("update DeviceAuthorizationEntity d set d.consumed = true,"
                        + " d.consumedAt = :now where d.deviceCodeHash = :h and d.consumed = false"
                        + " and d.status = 'APPROVED'")
                .setParameter("now", now).setParameter("h", deviceCodeHash)) == 1;
    }

    @Override
    @Transactional
    public int purgeExpired(Instant cutoff) {
        return Bulk.update(em, em.createQuery("delete from DeviceAuthorizationEntity d where d.expiresAt < :cutoff")
                .setParameter("cutoff", cutoff));
    }

    private static DeviceAuthorization toRecord(DeviceAuthorizationEntity e) {
        return new DeviceAuthorization(e.getDeviceCodeHash(), e.getUserCodeHash(), e.getClientId(), e.getScope(),
                e.getCreatedAt(), e.getExpiresAt(), Duration.ofSeconds(e.getIntervalSeconds()), e.getLastPolledAt(),
                DeviceAuthorization.Status.valueOf(e.getStatus()), e.getSubject(), e.getAuthTime(), e.isConsumed(),
                dev.jeton.vocabulary.ResourceIndicators.split(e.getResources()));
    }
}
