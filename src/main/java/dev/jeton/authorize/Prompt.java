package dev.jeton.authorize;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The values of the OpenID Connect {@code prompt} parameter (OIDC Core §3.1.2.1). */
public enum Prompt {
    /** Show no page at all: answer login_required or consent_required instead. */
    NONE("none"),
    /** Ask the user to sign in again even when a session exists. */
    LOGIN("login"),
    /** Ask for consent even when it was given before. */
    CONSENT("consent"),
    /** Let the user choose an account: Jeton shows the sign-in page, where another account can be used. */
    SELECT_ACCOUNT("select_account");

    private final String wireValue;

    Prompt(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }

    public static Optional<Prompt> fromWire(String value) {
        return Arrays.stream(values()).filter(p -> p.wireValue.equals(value)).findFirst();
    }

    /**
     * Parses the space-separated list; empty when a value is unknown or {@code none} is combined
     * with another value (§3.1.2.1: "If this parameter contains none with any other value, an
     * error is returned").
     */
    public static Optional<Set<Prompt>> parseList(String value) {
        EnumSet<Prompt> prompts = EnumSet.noneOf(Prompt.class);
        for (String token : value.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            Optional<Prompt> prompt = fromWire(token);
            if (prompt.isEmpty()) {
                return Optional.empty();
            }
            prompts.add(prompt.get());
        }
        if (prompts.isEmpty() || (prompts.contains(NONE) && prompts.size() > 1)) {
            return Optional.empty();
        }
        return Optional.of(Set.copyOf(prompts));
    }
}
