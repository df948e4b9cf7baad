package dev.jeton.vocabulary;

import java.util.regex.Pattern;

/**
 * The scope grammar of RFC 6749 §3.3, in the bottom layer so that client declarations, client
 * registration and the scope policy of the token endpoint all check one grammar.
 */
public final class ScopeSyntax {

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    private static final String TOKEN = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+";
    private static final Pattern SCOPE_TOKEN = Pattern.compile(TOKEN);
    /** RFC 6749 §3.3: scope = scope-token *( SP scope-token ), single spaces only. */
    private static final Pattern SCOPE = Pattern.compile(TOKEN + "( " + TOKEN + ")*");

    private ScopeSyntax() {
    }

    /** RFC 6749 §3.3 scope-token syntax. */
    public static boolean isScopeToken(String token) {
        return SCOPE_TOKEN.matcher(token).matches();
    }

    /** RFC 6749 §3.3 scope syntax: scope tokens separated by single spaces. */
    public static boolean isScope(String value) {
        return SCOPE.matcher(value).matches();
    }
}
