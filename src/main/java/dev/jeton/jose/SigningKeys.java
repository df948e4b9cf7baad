package dev.jeton.jose;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's signing keys. The keystore is read at start (a missing or unreadable one stops the
 * deployment outside the dev profile: Jeton never signs with a key it made up on the spot) and
 * read again every {@code jeton.keys.reload-interval-seconds} when its bytes changed, so a
 * rotation by the operator tool, or by another node sharing the file, reaches every node without
 * a restart. Key states follow the clock between reloads. With {@code jeton.keys.rotation-period-seconds}
 * set, this node also publishes next keys and deletes expired ones on that schedule.
 */
@ApplicationScoped
public class SigningKeys implements SigningKeySource {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class.getName());

    @Inject
    JetonSettings settings;
    @Inject
    KeySettings keySettings;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private KeystoreFile file;
    private Duration retention;
    private volatile byte[] digest;
    private volatile List<SigningKey> keys;
    private volatile SigningKeySet view;
    private volatile ScheduledFuture<?> schedule;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicBoolean rotationFailing = new AtomicBoolean();

    @Produces
    @Singleton
    static KeySettings keySettings() {
        Config config = ConfigProvider.getConfig();
        return KeySettings.from(name -> config.getOptionalValue(name, String.class));
    }

    /** Opens the keystore (creating it in the dev profile) and checks that the configured keys exist. */
    public synchronized void open() {
        if (view != null) {
            return;
        }
        keySettings.checkAgainst(settings);
        retention = keySettings.retention(settings);
        file = new KeystoreFile(settings.keystorePath(), settings.keystoreType(), settings.keystorePassword());
        if (!file.exists()) {
            if (settings.profile() != JetonSettings.Profile.DEV) {
                throw new ConfigurationException(JetonSettings.KEYSTORE_PATH + ": no keystore at " + file.path()
                        + " (only the dev profile generates one; make one with dev.jeton.tools.KeyTool create)");
            }
            try {
                file.createWithKeys(clock.instant());
                LOG.warning("Generated a development keystore at " + file.path() + "; do not use it in production");
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigurationException(JetonSettings.KEYSTORE_PATH + ": cannot create the dev keystore at "
                        + file.path() + ": " + e.getMessage(), e);
            }
        }
        KeystoreFile.Snapshot snapshot;
        try {
            snapshot = file.read();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // BouncyCastle answers some damaged files (an empty one, a truncated one) with a
            // NullPointerException or the like rather than an IOException: the same message for all
            throw new ConfigurationException(JetonSettings.KEYSTORE_PATH + " / " + JetonSettings.KEYSTORE_PASSWORD
                    + ": cannot open the " + settings.keystoreType() + " keystore at " + file.path()
                    + " (wrong password, wrong type or a damaged file)", e);
        }
        SigningKeySet set = compute(snapshot.keys(), clock.instant());
        keys = snapshot.keys();
        digest = snapshot.digest();
        view = set;
        LOG.info("Loaded " + set.entries().size() + " signing keys from " + file.path() + "; signing with "
                + set.active() + "; retired keys stay published for " + retention.toSeconds() + " s");
    }

    /** Starts the reload (and, when configured, rotation) schedule. */
    public void start() {
        open();
        long interval = keySettings.reloadInterval().toMillis();
        schedule = scheduler.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }

    @Override
    public SigningKeySet current() {
        SigningKeySet v = view;
        if (v == null) {
            open();
            v = view;
        }
        Instant now = clock.instant();
        if (!now.isBefore(v.validUntil())) {
            SigningKeySet next = compute(keys, now);
            LOG.info("Signing keys changed state at " + now + ": " + describe(next));
            view = next;
            v = next;
        }
        return v;
    }

    /** Rotates when due (if this node rotates) and reloads the keystore if its bytes changed. */
    void tick() {
        if (keySettings.rotatesOnSchedule()) {
            try {
                List<String> done = file.modify(editor -> KeyRotation.onSchedule(editor, clock.instant(),
                        keySettings.rotationPeriod(), keySettings.prePublication(), retention));
                done.forEach(line -> LOG.info("Key rotation: " + line));
                if (rotationFailing.compareAndSet(true, false)) {
                    LOG.info("Scheduled key rotation works again");
                }
            } catch (Exception e) {
                // a read-only keystore, say: reloading below still picks up what others write
                if (rotationFailing.compareAndSet(false, true)) {
                    LOG.log(Level.SEVERE, "Scheduled key rotation cannot write the keystore at " + file.path() + ": "
                            + e.getMessage());
                }
            }
        }
        try {
            reloadIfChanged();
            if (failing.compareAndSet(true, false)) {
                LOG.info("The keystore at " + file.path() + " reads again");
            }
        } catch (Exception e) {
            // keep signing with the keys we have; say so once, not on every tick
            if (failing.compareAndSet(false, true)) {
                LOG.log(Level.SEVERE, "Cannot reload the keystore at " + file.path() + "; keeping the keys loaded "
                        + "before: " + e.getMessage());
            }
        }
    }

    /**
     * An operator's rotation now (issue #14, {@code /admin/keys}): for each of {@code algorithms} (every algorithm with
     * an active key when empty) the soonest next key starts signing and a new next key is published, by the same
     * rules and the same locked, atomic write of the keystore as the operator tool's {@code rotate}
     * ({@link KeyRotation#now}); this node loads the result at once, the others that share the file at their next
     * reload. The retired key stays published for the retention, so tokens it signed keep verifying.
     *
     * @return what was done, one line per change
     * @throws IOException a keystore this server may not write (then nothing changed)
     */
    public synchronized List<String> rotateNow(java.util.Set<dev.jeton.config.SigningAlgorithm> algorithms)
            throws IOException, GeneralSecurityException {
        open();
        java.util.Set<dev.jeton.config.SigningAlgorithm> which = algorithms.isEmpty()
                ? java.util.EnumSet.copyOf(current().entries().stream().filter(e -> e.state() == KeyState.ACTIVE)
                .map(e -> e.key().algorithm()).toList())
                : algorithms;
        List<String> done = file.modify(editor -> KeyRotation.now(editor, clock.instant(), retention, which));
        reloadIfChanged();
        return done;
    }

    /** Reads the keystore again when it changed; a keystore without the keys we need is refused. */
    public boolean reloadIfChanged() throws IOException, GeneralSecurityException {
        if (Arrays.equals(digest, file.digest())) {
            return false;
        }
        KeystoreFile.Snapshot snapshot = file.read();
        SigningKeySet set = compute(snapshot.keys(), clock.instant());
        synchronized (this) {
            keys = snapshot.keys();
            digest = snapshot.digest();
            view = set;
        }
        LOG.info("Reloaded the keystore at " + file.path() + ": " + describe(set));
        return true;
    }

    private SigningKeySet compute(List<SigningKey> all, Instant now) {
        SigningKeySet set = SigningKeySet.at(all, now, retention, settings.signingAlgorithm(),
                settings.signingKeyAlias());
        try {
            set.active(settings.idTokenSigningAlgorithm());
        } catch (ConfigurationException e) {
            LOG.warning("No active " + settings.idTokenSigningAlgorithm() + " key for ID tokens ("
                    + JetonSettings.ID_TOKEN_ALGORITHM + "): ID tokens cannot be issued until one is added");
        }
        return set;
    }

    private static String describe(SigningKeySet set) {
        StringBuilder b = new StringBuilder();
        for (SigningKeySet.Entry e : set.entries()) {
            b.append(b.length() == 0 ? "" : ", ").append(e.key().algorithm()).append(' ').append(e.key().kid())
                    .append('=').append(e.state().wireValue());
        }
        return b.toString();
    }
}
