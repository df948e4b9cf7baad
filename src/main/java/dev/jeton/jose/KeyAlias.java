package dev.jeton.jose;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keystore alias carries a key's lifecycle, so the keystore is the single source of truth for
 * server and operator tool alike: {@code <id>.a<epoch-seconds>} is a key that signs from that
 * instant on, {@code <id>.p} a pending key (published, waiting for a rotation to activate it).
 * Every other state follows from these instants and the clock: a key stops signing when the next
 * key of its algorithm starts, and is removed a retention period later.
 *
 * <p>Why the alias and not a sidecar file or a table: the state then travels in the same file as
 * the key, is written in the same atomic replace, is covered by the keystore's integrity MAC (so a
 * tampered state fails to open like a tampered key), and a node that has the keystore has
 * everything it needs. Keystore entry attributes would do the same but BCFKS and PKCS#12 through
 * the JCA {@code KeyStore} API do not carry custom attributes portably; the alias survives
 * {@code keytool -importkeystore} as well. An alias without a suffix (a keystore made before key
 * states existed, or a key imported with {@code keytool}) is a key active since its certificate's
 * {@code notBefore}.
 */
public record KeyAlias(String id, Optional<Instant> activation, boolean pending) {

    private static final Pattern SUFFIX = Pattern.compile("^(.+)\\.(?:(p)|a(\\d{1,12}))$");

    public static KeyAlias parse(String alias, Instant notBefore) {
        Matcher m = SUFFIX.matcher(alias);
        if (!m.matches()) {
            return new KeyAlias(alias, Optional.of(notBefore), false);
        }
        if (m.group(2) != null) {
            return new KeyAlias(m.group(1), Optional.empty(), true);
        }
        return new KeyAlias(m.group(1), Optional.of(Instant.ofEpochSecond(Long.parseLong(m.group(3)))), false);
    }

    /** The alias for a key with this id: pending when {@code activation} is null. */
    public static String format(String id, Instant activation) {
        return activation == null ? id + ".p" : id + ".a" + activation.getEpochSecond();
    }

    /** A fresh id: lower case (PKCS#12 lower-cases aliases), algorithm, creation second, random tag. */
    public static String newId(String algorithm, Instant created, int random) {
        return algorithm.toLowerCase(Locale.ROOT) + "-" + created.getEpochSecond() + "-"
                + String.format("%04x", random & 0xffff);
    }
}
