package dev.jeton.persistence.migration;

import dev.jeton.persistence.ClientEntity;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

import java.util.logging.Logger;

/**
 * Runs the schema migrations while Hibernate builds the persistence unit, after it has its
 * datasource and before it validates the schema against the entities
 * ({@code hibernate.hbm2ddl.auto=validate}): a Hibernate {@link Integrator}, registered in
 * {@code META-INF/services}, so that no server API is involved and Payara and WildFly run it
 * the same way. A failed migration fails the deployment, which is what an operator must see.
 *
 * <p>{@code jeton.schema.migrate=false} (persistence-unit property or system property) leaves
 * the schema to the operator.
 */
public final class MigrateBeforeHibernate implements Integrator {

    public static final String ENABLED = "jeton.schema.migrate";

    private static final Logger LOG = Logger.getLogger(MigrateBeforeHibernate.class.getName());

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext,
                          SessionFactoryImplementor sessionFactory) {
        // only Jeton's own persistence unit
        if (metadata.getEntityBinding(ClientEntity.class.getName()) == null) {
            return;
        }
        Object setting = sessionFactory.getServiceRegistry().requireService(ConfigurationService.class)
                .getSettings().getOrDefault(ENABLED, System.getProperty(ENABLED, "true"));
        if ("false".equalsIgnoreCase(String.valueOf(setting).trim())) {
            LOG.info("jeton.schema.migrate=false: Jeton does not migrate the schema");
            return;
        }
        ConnectionProvider connections = sessionFactory.getServiceRegistry().requireService(ConnectionProvider.class);
        SchemaMigrations.migrate(new ConnectionProviderDataSource(connections));
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        // nothing held
    }
}
