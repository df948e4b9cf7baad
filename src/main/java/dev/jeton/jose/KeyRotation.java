package dev.jeton.jose;

import dev.jeton.config.SigningAlgorithm;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The rotation rules, shared by the server's schedule and the operator tool so both write the
 * keystore the same way. Each method edits through a {@link KeystoreFile.Editor} (under the file
 * lock) and returns what it did, one line per change, for the log or the terminal.
 */
public final class KeyRotation {

    private static final Comparator<SigningKey> SOONEST = Comparator.comparing(SigningKey::activation,
            Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(SigningKey::notBefore);

    private KeyRotation() {
    }

    /**
     * Scheduled rotation: when the active key of an algorithm is due to hand over within the
     * pre-publication window and no next key is scheduled, publish one now that starts signing at
     * {@code active + period} (but never before it has been published for the whole window). The
     * hand-over then happens on every node at the same instant without another write. Keys past
     * their retention are deleted.
     */
    public static List<String> onSchedule(KeystoreFile.Editor editor, Instant now, Duration period,
                                          Duration prePublication, Duration retention) throws GeneralSecurityException {
        List<String> done = new ArrayList<>();
        SigningKeySet states = states(editor, now, retention);
        for (SigningAlgorithm algorithm : algorithmsInUse(states)) {
            SigningKey active = states.active(algorithm);
            Instant due = active.activation().plus(period);
            if (now.isBefore(due.minus(prePublication))) {
                continue;
            }
            List<SigningKey> next = nextKeys(states, algorithm);
            if (next.stream().anyMatch(k -> k.activation() != null)) {
                continue;
            }
            if (next.isEmpty()) {
                Instant start = ceilSecond(latest(due, now.plus(prePublication)));
                String id = editor.add(algorithm, now, start);
                done.add("published next " + algorithm + " key " + id + ", signing from " + start);
            } else {
                SigningKey pending = next.get(0);
                Instant start = ceilSecond(latest(due, latest(pending.notBefore().plus(prePublication), now)));
                editor.setActivation(pending.alias(), start);
                done.add("scheduled pending " + algorithm + " key " + pending.alias() + " to sign from " + start);
            }
        }
        done.addAll(removeExpired(editor, now, retention));
        return done;
    }

    /**
     * On-demand rotation of {@code algorithms}: the soonest next key signs from now (the active
     * one retires), and a new pending key is published for the rotation after. Without a next key
     * a fresh one signs at once: verifiers that cached the JWKS fetch it again on the unknown
     * {@code kid}, but a published next key is the smooth way.
     */
    public static List<String> now(KeystoreFile.Editor editor, Instant now, Duration retention,
                                   Set<SigningAlgorithm> algorithms) throws GeneralSecurityException {
        List<String> done = new ArrayList<>();
        SigningKeySet states = states(editor, now, retention);
        for (SigningAlgorithm algorithm : algorithms) {
            // the alias holds whole seconds: this second, so the key signs at once
            Instant start = now.truncatedTo(ChronoUnit.SECONDS);
            try {
                SigningKey active = states.active(algorithm);
                // strictly after the active key's start, so the order of the two is never a tie
                start = latest(start, active.activation().plusSeconds(1));
            } catch (RuntimeException noActiveKey) {
                // the first key of this algorithm
            }
            List<SigningKey> next = nextKeys(states, algorithm);
            if (next.isEmpty()) {
                String id = editor.add(algorithm, now, start);
                done.add("no next " + algorithm + " key was published; new key " + id + " signs from " + start);
            } else {
                SigningKey promoted = next.get(0);
                editor.setActivation(promoted.alias(), start);
                done.add(algorithm + " key " + promoted.alias() + " (kid " + promoted.kid() + ") signs from " + start);
            }
            String id = editor.add(algorithm, now, null);
            done.add("published pending " + algorithm + " key " + id + " for the next rotation");
        }
        return done;
    }

    /** Deletes the keys whose retention has passed: no live token was signed by them. */
    public static List<String> removeExpired(KeystoreFile.Editor editor, Instant now, Duration retention)
            throws GeneralSecurityException {
        List<String> done = new ArrayList<>();
        for (SigningKeySet.Entry e : states(editor, now, retention).entries()) {
            if (e.state() == KeyState.REMOVED) {
                editor.remove(e.key().alias());
                done.add("deleted " + e.key().algorithm() + " key " + e.key().alias() + " (kid " + e.key().kid()
                        + "), retired " + e.retiredAt());
            }
        }
        return done;
    }

    /** The states of the keys in the editor, without requiring an active key of any algorithm. */
    public static SigningKeySet states(KeystoreFile.Editor editor, Instant now, Duration retention) {
        List<SigningKey> keys = editor.keys();
        return states(keys, now, retention);
    }

    public static SigningKeySet states(List<SigningKey> keys, Instant now, Duration retention) {
        return SigningKeySet.states(keys, now, retention);
    }

    private static List<SigningAlgorithm> algorithmsInUse(SigningKeySet states) {
        return states.entries().stream().filter(e -> e.state() == KeyState.ACTIVE)
                .map(e -> e.key().algorithm()).distinct().toList();
    }

    private static List<SigningKey> nextKeys(SigningKeySet states, SigningAlgorithm algorithm) {
        return states.entries().stream().filter(e -> e.state() == KeyState.NEXT)
                .map(SigningKeySet.Entry::key).filter(k -> k.algorithm() == algorithm).sorted(SOONEST).toList();
    }

    /** Activation instants are stored in whole seconds; rounding up never shortens a pre-publication window. */
    private static Instant ceilSecond(Instant instant) {
        Instant down = instant.truncatedTo(ChronoUnit.SECONDS);
        return down.equals(instant) ? down : down.plusSeconds(1);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
