package dev.jeton.grant.tokenexchange;

import dev.jeton.config.SettingsReader;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's token exchange policy (RFC 8693).
 *
 * @param audiences               audiences any client may be given by an exchange; empty: only the
 *                                client's registration decides (otherwise both must allow)
 * @param trustedIssuersFile      the JSON file of external issuers whose JWTs are accepted as subject or actor tokens
 * @param refreshTokens           whether {@code requested_token_type} refresh_token may be honoured at all
 * @param requireSubjectAudience  whether the requesting client must be one the subject and actor tokens
 *                                are meant for ({@link Entitlement}); off, any client registered for the
 *                                grant may exchange any valid token (RFC 8693 §5 leaves it to policy)
 */
public record TokenExchangeSettings(Set<String> audiences, Optional<Path> trustedIssuersFile, boolean refreshTokens,
                                    boolean requireSubjectAudience) {

    public static final String AUDIENCES = "jeton.token-exchange.audiences";
    public static final String TRUSTED_ISSUERS_FILE = "jeton.token-exchange.trusted-issuers-file";
    public static final String REFRESH_TOKENS = "jeton.token-exchange.refresh-tokens";
    public static final String REQUIRE_SUBJECT_AUDIENCE = "jeton.token-exchange.require-subject-audience";

    public static TokenExchangeSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new TokenExchangeSettings(r.scopes(AUDIENCES), r.optional(TRUSTED_ISSUERS_FILE).map(Path::of),
                r.bool(REFRESH_TOKENS, false), r.bool(REQUIRE_SUBJECT_AUDIENCE, true));
    }
}
