package dev.jeton.jose;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The signing key lifecycle ({@code jeton.keys.*}).
 *
 * @param rotationPeriod  how long a key signs before the next one takes over; zero: the server never
 *                        rotates by itself (the operator tool does)
 * @param prePublication  how long a next key is published before it signs; longer than the JWKS
 *                        {@code max-age}, so every verifier that caches the JWKS has it in time
 * @param clockSkew       added to the token lifetimes before a retired key is removed
 * @param retention       how long a retired key stays published; empty: the longest token lifetime plus the skew
 * @param reloadInterval  how often the server looks at the keystore file for changes (and due rotations)
 */
public record KeySettings(Duration rotationPeriod, Duration prePublication, Duration clockSkew,
                          Optional<Duration> retention, Duration reloadInterval) {

    public static final String ROTATION_PERIOD = "jeton.keys.rotation-period-seconds";
    public static final String PRE_PUBLICATION = "jeton.keys.pre-publication-seconds";
    public static final String CLOCK_SKEW = "jeton.keys.clock-skew-seconds";
    public static final String RETENTION = "jeton.keys.retention-seconds";
    public static final String RELOAD_INTERVAL = "jeton.keys.reload-interval-seconds";

    public static KeySettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        KeySettings s = new KeySettings(
                Duration.ofSeconds(r.nonNegativeInt(ROTATION_PERIOD, 0)),
                Duration.ofSeconds(r.positiveInt(PRE_PUBLICATION, 3600)),
                Duration.ofSeconds(r.nonNegativeInt(CLOCK_SKEW, 60)),
                r.optional(RETENTION).map(v -> Duration.ofSeconds(r.positiveInt(RETENTION))),
                Duration.ofSeconds(r.positiveInt(RELOAD_INTERVAL, 30)));
        if (!s.rotationPeriod.isZero() && s.rotationPeriod.compareTo(s.prePublication) <= 0) {
            throw new ConfigurationException(ROTATION_PERIOD + " must be longer than " + PRE_PUBLICATION
                    + " (" + s.prePublication.toSeconds() + "), got " + s.rotationPeriod.toSeconds());
        }
        return s;
    }

    public boolean rotatesOnSchedule() {
        return !rotationPeriod.isZero();
    }

    /**
     * How long a retired key stays published: every token it signed must still verify until it
     * expires, so the longest lifetime of what it signs (access and ID tokens) plus the clock skew,
     * unless {@code jeton.keys.retention-seconds} says more (clients with their own longer TTLs).
     */
    public Duration retention(JetonSettings settings) {
        Duration longest = settings.accessTokenTtl().compareTo(settings.idTokenTtl()) >= 0
                ? settings.accessTokenTtl() : settings.idTokenTtl();
        return retention.orElse(longest.plus(clockSkew));
    }

    /**
     * The rule that makes a rotation safe on every node (issue #19, server-config/KEYS.md): a key is
     * in the keystore {@code pre-publication} before it signs; every node reads the file again within
     * {@code reload-interval}, so from then on every node's JWKS has it; a verifier that fetched a
     * node's JWKS just before that node reloaded keeps it for {@code max-age}. So the window must be
     * longer than both together (checked at start), and then every verifier, whichever node it asked,
     * knows the key before any node signs with it.
     */
    public void checkAgainst(JetonSettings settings) {
        Duration seen = settings.jwksMaxAge().plus(reloadInterval);
        if (seen.compareTo(prePublication) >= 0) {
            throw new ConfigurationException(JetonSettings.JWKS_MAX_AGE + " (" + settings.jwksMaxAge().toSeconds()
                    + ") plus " + RELOAD_INTERVAL + " (" + reloadInterval.toSeconds() + ") must be shorter than "
                    + PRE_PUBLICATION + " (" + prePublication.toSeconds()
                    + "): verifiers caching the JWKS of a node would miss the next key when it starts signing");
        }
        Duration tokens = retention(settings).minus(clockSkew);
        if (retention.isPresent() && retention.get().compareTo(tokens) < 0) {
            throw new ConfigurationException(RETENTION + " (" + retention.get().toSeconds()
                    + ") is shorter than the longest token lifetime: tokens would outlive their key");
        }
    }
}
