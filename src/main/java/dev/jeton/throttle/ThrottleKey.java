package dev.jeton.throttle;

import java.util.Locale;
import java.util.Objects;

/** What failures are counted against: a client id (at one address, or at all), a username, a source address or a browser session. */
public record ThrottleKey(Kind kind, String value) {

    public enum Kind {
        /** One client id, failures from every address together (distributed guessing). */
        CLIENT,
        /** One client id guessed at from one source address. */
        CLIENT_ADDRESS,
        USER,
        ADDRESS,
        /** One browser session (the device flow's wrong user codes, RFC 8628 §5.1). */
        SESSION
    }

    /** Ids longer than this are cut: the key is a counter, not a record, and must stay small. */
    private static final int MAX_LENGTH = 256;

    public ThrottleKey {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(value);
        value = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
    }

    /** Client ids compare exactly (RFC 6749 §2.2: they are case-sensitive strings). */
    public static ThrottleKey client(String clientId) {
        return new ThrottleKey(Kind.CLIENT, clientId);
    }

    /** The address first: it never holds '|', so no two (address, client id) pairs share a value. */
    public static ThrottleKey clientAt(String clientId, String address) {
        return new ThrottleKey(Kind.CLIENT_ADDRESS, addressValue(address) + "|" + clientId);
    }

    /** Usernames are folded to lower case, so "Alice" and "alice" share one counter. */
    public static ThrottleKey user(String username) {
        return new ThrottleKey(Kind.USER, username.strip().toLowerCase(Locale.ROOT));
    }

    public static ThrottleKey session(String sessionKey) {
        return new ThrottleKey(Kind.SESSION, sessionKey);
    }

    public static ThrottleKey address(String address) {
        return new ThrottleKey(Kind.ADDRESS, addressValue(address));
    }

    private static String addressValue(String address) {
        return address == null ? "unknown" : address;
    }
}
