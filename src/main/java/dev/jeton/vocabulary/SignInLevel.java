package dev.jeton.vocabulary;

import java.util.List;

/**
 * What an ID token says about how the user signed in: {@code amr} (RFC 8176 §2) and {@code acr}
 * (OIDC Core §2). Jeton has one way to sign in, a password checked by the one sign-in path
 * ({@code authorize.signin.PasswordSignIn}, also behind an operator's own identity store), so every
 * sign-in reaches this one level and every ID token says so; nothing higher is claimed.
 */
public enum SignInLevel {
    /** A password; the acr is Jeton's own name for it (OIDC Core §2: parties agree on acr values out of band). */
    PASSWORD(List.of("pwd"), "urn:jeton:acr:password");

    private final List<String> amr;
    private final String acr;

    SignInLevel(List<String> amr, String acr) {
        this.amr = amr;
        this.acr = acr;
    }

    /** RFC 8176 authentication method references. */
    public List<String> amr() {
        return amr;
    }

    /** The authentication context class reference this sign-in satisfies. */
    public String acr() {
        return acr;
    }

    /** The level every sign-in reaches today. */
    public static SignInLevel achieved() {
        return PASSWORD;
    }

    /** Every acr value some sign-in can reach: acr_values_supported (OIDC Discovery §3). */
    public static List<String> acrValues() {
        return List.of(PASSWORD.acr);
    }
}
