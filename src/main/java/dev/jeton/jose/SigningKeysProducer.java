package dev.jeton.jose;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * Loads the signing keys once, at start. A keystore that is missing (outside the dev profile) or
 * cannot be opened stops the deployment: Jeton never signs with a key it made up on the spot.
 */
@ApplicationScoped
public class SigningKeysProducer {

    private static final Logger LOG = Logger.getLogger(SigningKeysProducer.class.getName());

    @Produces
    @Singleton
    SigningKeySet signingKeys(JetonSettings settings, Clock clock) {
        KeystoreFile file = new KeystoreFile(settings.keystorePath(), settings.keystoreType(),
                settings.keystorePassword());
        if (!file.exists()) {
            if (settings.profile() != JetonSettings.Profile.DEV) {
                throw new ConfigurationException(JetonSettings.KEYSTORE_PATH + ": no keystore at " + file.path()
                        + " (only the dev profile generates one)");
            }
            try {
                file.createWithKeys(clock.instant());
                LOG.warning("Generated a development keystore at " + file.path() + "; do not use it in production");
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigurationException(JetonSettings.KEYSTORE_PATH + ": cannot create the dev keystore at "
                        + file.path() + ": " + e.getMessage(), e);
            }
        }
        List<SigningKey> loaded;
        try {
            loaded = file.load();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // BouncyCastle answers some damaged files (an empty one, a truncated one) with a
            // NullPointerException or the like rather than an IOException: the same message for all
            throw new ConfigurationException(JetonSettings.KEYSTORE_PATH + " / " + JetonSettings.KEYSTORE_PASSWORD
                    + ": cannot open the " + settings.keystoreType() + " keystore at " + file.path()
                    + " (wrong password, wrong type or a damaged file)", e);
        }
        SigningKeySet keys = SigningKeySet.select(loaded, settings.signingAlgorithm(), settings.signingKeyAlias());
        LOG.info("Loaded " + keys.all().size() + " signing keys from " + file.path() + "; signing with "
                + keys.active());
        return keys;
    }
}
