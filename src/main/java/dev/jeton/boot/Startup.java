package dev.jeton.boot;

import dev.jeton.audit.outbox.AuditRelay;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.jose.SigningKeys;
import dev.jeton.persistence.ClientFileImport;
import dev.jeton.token.GrantHandlers;
import dev.jeton.user.DevUserSeed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs at deployment, before the first request: checks the configuration, opens the keystore,
 * builds the grant registry and imports the clients file. Any failure stops the deployment with
 * a message that names what to fix, instead of a server that fails on its first request.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    /**
     * Hibernate logs every SQL failure at ERROR before it throws, including the unique-constraint
     * refusal that decides a race between two uses of one jti (client assertions, DPoP proofs):
     * a client could fill the log above WARN at will. Jeton handles and logs every failure it
     * receives with its context (a database outage is logged by the token endpoint as SEVERE), so
     * this logger is silenced. Kept in a field: java.util.logging holds loggers weakly.
     */
    private static final Logger SQL_EXCEPTION_HELPER = Logger.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper");

    static {
        SQL_EXCEPTION_HELPER.setLevel(Level.OFF);
    }

    @Inject
    JetonSettings settings;
    @Inject
    SigningKeys keys;
    @Inject
    GrantHandlers grants;
    @Inject
    ClientFileImport clientFile;
    @Inject
    AuditRelay auditRelay;
    @Inject
    DevUserSeed devUserSeed;
    @Inject
    dev.jeton.logout.BackchannelRelay backchannelRelay;
    /** Injected here so that a bad value stops the deployment, not the first request that needs it. */
    @Inject
    StrongClientSettings strongClients;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            LOG.info("Jeton starting: " + settings);
            LOG.info("Strong clients: " + strongClients);
            keys.start();
            grants.supported();
            // several nodes may start at once: the loser of a race for a shared row runs its step again
            StartupRace.run("Clients file", clientFile::run);
            StartupRace.run("Demo user", devUserSeed::run);
            // events kept in the outbox while the server was down go out now
            auditRelay.start();
            auditRelay.kick();
            // logout tokens queued before a restart are delivered (or retried) now
            backchannelRelay.start();
            backchannelRelay.kick();
            LOG.info("Jeton ready: issuer " + settings.issuer() + ", grants "
                    + grants.supported().stream().map(g -> g.wireValue()).toList());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Jeton cannot start: " + rootMessage(e));
            throw e;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof ConfigurationException) {
                return t.getMessage();
            }
            t = t.getCause();
        }
        return e.toString();
    }
}
