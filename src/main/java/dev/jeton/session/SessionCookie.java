package dev.jeton.session;

import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;

import java.util.Objects;

/**
 * The secret a browser holds for its session: 256 random bits in an HttpOnly cookie; the database has only its
 * SHA-256, like every other credential of ours. Distinct from the {@code sid}, which clients see.
 */
public record SessionCookie(String value) {

    public static final String NAME = "jeton_session";

    public SessionCookie {
        Objects.requireNonNull(value, "value");
    }

    static SessionCookie fresh() {
        return new SessionCookie(TokenIds.random(256));
    }

    public String hash() {
        return TokenHashes.sha256(value);
    }

    @Override
    public String toString() {
        return "SessionCookie[***]";
    }
}
