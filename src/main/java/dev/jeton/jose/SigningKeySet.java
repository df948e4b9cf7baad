package dev.jeton.jose;

import com.nimbusds.jose.jwk.JWKSet;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of the keystore with their states at one instant. Per algorithm, the keys whose
 * activation has come are ordered by it: the last one is {@link KeyState#ACTIVE}, each earlier
 * one was retired when its successor started and is {@link KeyState#RETIRED} for {@code retention}
 * after that, then {@link KeyState#REMOVED}. Keys whose activation is in the future or pending are
 * {@link KeyState#NEXT}. Because the states follow from the instants in the keystore and the clock,
 * every node with the same keystore agrees without talking to the others.
 */
public final class SigningKeySet implements SigningKeySource {

    /** One key, its state, and when it stops signing and stops being published (null: not yet known). */
    public record Entry(SigningKey key, KeyState state, Instant retiredAt, Instant removedAt) {
    }

    private static final Comparator<SigningKey> BY_ACTIVATION = Comparator
            .comparing(SigningKey::activation).thenComparing(SigningKey::alias);

    private final List<Entry> entries;
    private final SigningKey active;
    private final Map<SigningAlgorithm, SigningKey> activeByAlgorithm;
    private final Instant validUntil;
    private final JWKSet published;

    private SigningKeySet(List<Entry> entries, SigningKey active, Map<SigningAlgorithm, SigningKey> activeByAlgorithm,
                          Instant validUntil) {
        this.entries = List.copyOf(entries);
        this.active = active;
        this.activeByAlgorithm = Map.copyOf(activeByAlgorithm);
        this.validUntil = validUntil;
        this.published = new JWKSet(this.entries.stream().filter(e -> e.state().published())
                .map(e -> e.key().publicJwk()).toList());
    }

    /**
     * The states at {@code now}. The access-token key is the one pinned by {@code alias} when set
     * (it then signs whatever its state, unless removed), otherwise the active key of {@code algorithm}.
     */
    public static SigningKeySet at(List<SigningKey> keys, Instant now, Duration retention,
                                   SigningAlgorithm algorithm, String alias) {
        SigningKeySet states = states(keys, now, retention);
        List<Entry> entries = states.entries;
        SigningKey signing;
        if (alias != null) {
            Entry pinned = entries.stream().filter(e -> e.key().alias().equals(alias)).findFirst().orElseThrow(() ->
                    new ConfigurationException(JetonSettings.SIGNING_KEY_ALIAS + ": the keystore has no usable key '"
                            + alias + "'"));
            if (pinned.key().algorithm() != algorithm) {
                throw new ConfigurationException(JetonSettings.SIGNING_KEY_ALIAS + ": key '" + alias + "' is for "
                        + pinned.key().algorithm() + " but " + JetonSettings.SIGNING_ALGORITHM + " is " + algorithm);
            }
            if (pinned.state() == KeyState.REMOVED) {
                throw new ConfigurationException(JetonSettings.SIGNING_KEY_ALIAS + ": key '" + alias
                        + "' is past its retention and removed");
            }
            signing = pinned.key();
        } else {
            signing = states.activeByAlgorithm.get(algorithm);
            if (signing == null) {
                throw new ConfigurationException(JetonSettings.SIGNING_ALGORITHM + " is " + algorithm
                        + " but the keystore holds no active " + algorithm + " key");
            }
        }
        return new SigningKeySet(entries, signing, states.activeByAlgorithm, states.validUntil);
    }

    /** The states at {@code now} without an access-token key (the operator tool, which signs nothing). */
    public static SigningKeySet states(List<SigningKey> keys, Instant now, Duration retention) {
        List<Entry> entries = new ArrayList<>();
        Map<SigningAlgorithm, SigningKey> activeBy = new EnumMap<>(SigningAlgorithm.class);
        Instant validUntil = Instant.MAX;
        for (SigningAlgorithm a : SigningAlgorithm.values()) {
            List<SigningKey> started = keys.stream().filter(k -> k.algorithm() == a)
                    .filter(k -> k.activation() != null && !k.activation().isAfter(now)).sorted(BY_ACTIVATION).toList();
            for (int i = 0; i < started.size(); i++) {
                SigningKey k = started.get(i);
                if (i == started.size() - 1) {
                    entries.add(new Entry(k, KeyState.ACTIVE, null, null));
                    activeBy.put(a, k);
                } else {
                    Instant retired = started.get(i + 1).activation();
                    Instant removed = retired.plus(retention);
                    boolean gone = !removed.isAfter(now);
                    entries.add(new Entry(k, gone ? KeyState.REMOVED : KeyState.RETIRED, retired, removed));
                    if (!gone && removed.isBefore(validUntil)) {
                        validUntil = removed;
                    }
                }
            }
            for (SigningKey k : keys) {
                if (k.algorithm() == a && (k.activation() == null || k.activation().isAfter(now))) {
                    entries.add(new Entry(k, KeyState.NEXT, null, null));
                    if (k.activation() != null && k.activation().isBefore(validUntil)) {
                        validUntil = k.activation();
                    }
                }
            }
        }
        return new SigningKeySet(entries, null, activeBy, validUntil);
    }

    /** The states now, with keys retained for ten years: for tests and tools that only sign. */
    public static SigningKeySet select(List<SigningKey> keys, SigningAlgorithm algorithm, String alias) {
        return at(keys, Instant.now(), Duration.ofDays(3650), algorithm, alias);
    }

    @Override
    public SigningKeySet current() {
        return this;
    }

    /** The key that signs access tokens. */
    public SigningKey active() {
        if (active == null) {
            throw new ConfigurationException("no access-token signing key was selected");
        }
        return active;
    }

    /**
     * The key that signs with {@code algorithm}: the access-token key when it is of that algorithm,
     * else the active key of it (ID tokens are RS256 by default while access tokens may be ES256).
     */
    public SigningKey active(SigningAlgorithm algorithm) {
        if (active != null && active.algorithm() == algorithm) {
            return active;
        }
        return Optional.ofNullable(activeByAlgorithm.get(algorithm))
                .orElseThrow(() -> new ConfigurationException("the keystore holds no active " + algorithm + " key"));
    }

    /** Every key of the keystore with its state. */
    public List<Entry> entries() {
        return entries;
    }

    /** The published keys: next, active and retired. */
    public List<SigningKey> all() {
        return entries.stream().filter(e -> e.state().published()).map(Entry::key).toList();
    }

    public Optional<Entry> entry(String kid) {
        return entries.stream().filter(e -> e.key().kid().equals(kid)).findFirst();
    }

    /** The first instant at which some key changes state; until then these states hold. */
    public Instant validUntil() {
        return validUntil;
    }

    /**
     * The public JWK Set (RFC 7517 §5) of the published keys, never a private member. Our own
     * verifier uses the same set, so a removed key's tokens are refused here as everywhere.
     */
    public JWKSet publicJwkSet() {
        return published;
    }
}
