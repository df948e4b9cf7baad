package dev.jeton.persistence;

import dev.jeton.audit.outbox.AuditOutboxEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hibernate in Java SE mode over a fresh in-memory H2 (the version Payara bundles), with the
 * schema made by the application's migrations (db/migration/, run by its Hibernate integrator as
 * on the server) and checked against the entities ({@code hbm2ddl.auto=validate}). Built in code rather than from a persistence.xml: the
 * application's META-INF/persistence.xml (JTA, server datasource) is on the test classpath too,
 * and a second file of the same name could not sit beside it.
 */
public final class JpaTestDatabase implements AutoCloseable {

    static final List<Class<?>> ENTITIES = List.of(ClientEntity.class, AuditOutboxEntity.class,
            AuthorizationCodeEntity.class, TokenFamilyEntity.class, RefreshTokenEntity.class,
            IssuedAccessTokenEntity.class, UserEntity.class, ConsentEntity.class, UsedJtiEntity.class,
            PushedRequestEntity.class, RevokedTokenEntity.class,
            DeviceAuthorizationEntity.class, UserSessionEntity.class, SessionClientEntity.class,
            BackchannelOutboxEntity.class, ThrottleCounterEntity.class, KnownSourceEntity.class,
            ServerSecretEntity.class, BrowserPendingEntity.class);

    /**
     * Hibernate's start-up report, once per test, would drown the build output (including the
     * warning that its built-in pool is not for production, which is what a test wants). Kept in
     * a field because java.util.logging forgets the level of an unreferenced logger.
     */
    private static final List<Logger> QUIETED = List.of(quiet("org.hibernate", Level.WARNING),
            quiet("org.flywaydb", Level.WARNING), quiet("dev.jeton.persistence.migration", Level.WARNING),
            quiet("org.hibernate.orm.connections.pooling", Level.SEVERE));

    private static final FormatMapper NO_JSON_MAPPING = new FormatMapper() {
        @Override
        public <T> T fromString(CharSequence value, JavaType<T> type, WrapperOptions options) {
            throw new UnsupportedOperationException("no JSON-typed attributes");
        }

        @Override
        public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
            throw new UnsupportedOperationException("no JSON-typed attributes");
        }
    };

    private final EntityManagerFactory emf;
    private final List<EntityManager> opened = new CopyOnWriteArrayList<>();

    public JpaTestDatabase() {
        // a database per instance, kept while connections come and go; no state shared between tests
        this("jdbc:h2:mem:jeton-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "validate", true);
    }

    /**
     * Any database: {@code hbm2ddl} is Hibernate's schema action ({@code validate} as on the server,
     * {@code update} as Jeton's versions before migrations), {@code migrate} whether the migrations run.
     */
    public JpaTestDatabase(String jdbcUrl, String user, String hbm2ddl, boolean migrate) {
        Configuration cfg = new Configuration();
        ENTITIES.forEach(cfg::addAnnotatedClass);
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_URL, jdbcUrl);
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_USER, user);
        cfg.setProperty(AvailableSettings.JAKARTA_JDBC_PASSWORD, "");
        cfg.setProperty(AvailableSettings.HBM2DDL_AUTO, hbm2ddl);
        cfg.setProperty("jeton.schema.migrate", String.valueOf(migrate));
        cfg.setProperty(AvailableSettings.JDBC_TIME_ZONE, "UTC");
        cfg.setProperty(AvailableSettings.POOL_SIZE, "8");
        // the JSON-B API is on the test classpath without an implementation (the server has one),
        // and Hibernate would fail looking for it; no entity has a JSON-typed attribute
        cfg.getProperties().put(AvailableSettings.JSON_FORMAT_MAPPER, NO_JSON_MAPPING);
        emf = cfg.buildSessionFactory();
    }

    /** Closed with the database. */
    public EntityManager newEntityManager() {
        EntityManager em = emf.createEntityManager();
        opened.add(em);
        return em;
    }

    /** What the container's @Transactional does: commit on return, roll back on an exception. */
    public static <T> T inTransaction(EntityManager em, Supplier<T> work) {
        em.getTransaction().begin();
        try {
            T result = work.get();
            em.getTransaction().commit();
            return result;
        } catch (RuntimeException e) {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            throw e;
        }
    }

    public static void inTransaction(EntityManager em, Runnable work) {
        inTransaction(em, () -> {
            work.run();
            return null;
        });
    }

    @Override
    public void close() {
        opened.stream().filter(EntityManager::isOpen).forEach(EntityManager::close);
        emf.close();
    }

    private static Logger quiet(String name, Level level) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        return logger;
    }
}
