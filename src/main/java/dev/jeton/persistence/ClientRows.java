package dev.jeton.persistence;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** What {@link JpaClientStore#find} asks of the client table before it trusts its cache. */
final class ClientRows {

    static final String VERSION = "select row_version from jeton_client where client_id = ?";

    private ClientRows() {
    }

    /** The row's version as this transaction sees it; empty when there is no such client. */
    static OptionalLong version(Connection c, String clientId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(VERSION)) {
            select.setString(1, clientId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Whether this transaction holds the client as an entity (it may have changed it, unwritten). */
    static boolean managedIn(EntityManager em, String clientId) {
        SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
        EntityPersister persister = session.getFactory().getMappingMetamodel().getEntityDescriptor(ClientEntity.class);
        return session.getPersistenceContextInternal().getEntity(session.generateEntityKey(clientId, persister)) != null;
    }
}
