package dev.jeton.vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A scope (RFC 6749 §3.3): a set of scope tokens, in the order they were first given.
 * <pre>
 *   scope       = scope-token *( SP scope-token )
 *   scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
 * </pre>
 * Parsing is strict, exactly this grammar: one SP between tokens, none before or after, no other
 * whitespace, no empty value; anything else is not a scope (the caller answers
 * {@code invalid_scope}). A token given twice counts once (§3.3: "the strings are ... order does
 * not matter"), so equality ignores order; {@link #toString} joins the tokens with one space in
 * their first order, so what we issue reads like what was asked. The absence of any scope is
 * {@link #EMPTY}, written as the empty string. This package depends on nothing of Jeton's, so
 * every layer can use it.
 */
public final class Scope implements Iterable<String> {

    public static final Scope EMPTY = new Scope(List.of());

    private final Set<String> tokens;

    private Scope(Collection<String> tokens) {
        this.tokens = Collections.unmodifiableSet(new LinkedHashSet<>(tokens));
    }

    /** The scope a request or a token states, or empty when the value does not follow the §3.3 grammar. */
    public static Optional<Scope> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == ' ') {
                if (i == start) {
                    // an empty token: a leading, trailing or doubled space
                    return Optional.empty();
                }
                parts.add(value.substring(start, i));
                start = i + 1;
            } else if (!isTokenChar(value.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Scope(parts));
    }

    /**
     * A scope we wrote ourselves (a stored grant, a token we signed): the empty string or null is
     * {@link #EMPTY}; anything else must follow the grammar, and a value that does not is a
     * fault of ours, not of the caller.
     */
    public static Scope ofIssued(String value) {
        if (value == null || value.isEmpty()) {
            return EMPTY;
        }
        return parse(value).orElseThrow(() -> new IllegalArgumentException("not an RFC 6749 scope"));
    }

    /** The scope of these tokens; each must be a scope-token. */
    public static Scope of(Collection<String> tokens) {
        for (String token : tokens) {
            if (!isScopeToken(token)) {
                throw new IllegalArgumentException("not an RFC 6749 scope-token");
            }
        }
        return tokens.isEmpty() ? EMPTY : new Scope(tokens);
    }

    public static Scope of(String... tokens) {
        return of(List.of(tokens));
    }

    /**
     * The operator's own scopes ({@code jeton.admin}, {@code jeton.register}, {@code jeton.introspect}):
     * never self-registered by a client, never advertised in scopes_supported.
     */
    public static boolean isReserved(String token) {
        return token.startsWith("jeton.");
    }

    /** RFC 6749 §3.3 scope-token: one or more of %x21 / %x23-5B / %x5D-7E (no space, quote or backslash). */
    public static boolean isScopeToken(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!isTokenChar(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    }

    /** The tokens, in their first order; unmodifiable. */
    public Set<String> tokens() {
        return tokens;
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public boolean contains(String token) {
        return tokens.contains(token);
    }

    /** Whether {@code other} only narrows this scope (RFC 6749 §6, RFC 8693 §2.1). */
    public boolean containsAll(Scope other) {
        return tokens.containsAll(other.tokens);
    }

    /** The tokens of this scope that pass the test, in this scope's order. */
    public Scope filter(Predicate<String> keep) {
        return new Scope(tokens.stream().filter(keep).toList());
    }

    /** The same tokens in their natural order, for values that must not depend on the order they were asked in. */
    public Scope sorted() {
        return new Scope(tokens.stream().sorted().toList());
    }

    /** The tokens of this scope and then those of {@code other} that are new. */
    public Scope union(Scope other) {
        List<String> all = new ArrayList<>(tokens);
        all.addAll(other.tokens);
        return new Scope(all);
    }

    @Override
    public Iterator<String> iterator() {
        return tokens.iterator();
    }

    /** The §3.3 form: the tokens joined by one space; the empty string for {@link #EMPTY}. */
    @Override
    public String toString() {
        return String.join(" ", tokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope other && tokens.equals(other.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
