package dev.jeton.client;

import dev.jeton.config.SettingsReader;

import java.util.Optional;
import java.util.function.Function;

/**
 * The FAPI 2.0 Security Profile for the whole server ({@code jeton.fapi2.enabled}): every client is
 * held to the profile as if its registration said {@code fapi2_security_profile: true}, so that one
 * switch applies the per-client rules (PAR, PKCE S256, private_key_jwt or mutual TLS, sender-constrained
 * tokens, 60 s codes, PS256/ES256/EdDSA) to all of them.
 */
public record Fapi2Settings(boolean serverWide, boolean refreshTokenRotation) {

    public static final String ENABLED = "jeton.fapi2.enabled";
    public static final String REFRESH_TOKEN_ROTATION = "jeton.fapi2.refresh-token-rotation";
    public static final Fapi2Settings OFF = new Fapi2Settings(false, false);

    public static Fapi2Settings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new Fapi2Settings(r.bool(ENABLED, false), r.bool(REFRESH_TOKEN_ROTATION, false));
    }

    /**
     * Whether a refresh spends the client's refresh token and hands out a successor (RFC 6749 §6, RFC 9700
     * §4.14.2). Not for a confidential client under the profile: FAPI 2.0 Security Profile §5.3.2.1 "shall
     * not use refresh token rotation except in extraordinary circumstances" - a lost response would strand
     * the client, and its authentication already binds the token to it. {@code
     * jeton.fapi2.refresh-token-rotation=true} rotates theirs too.
     */
    public boolean rotatesRefreshTokensOf(RegisteredClient client) {
        return !client.security().fapi2() || !client.confidential() || refreshTokenRotation;
    }

    /** The client as the server holds it: under the profile when the server is. */
    public RegisteredClient applyTo(RegisteredClient client) {
        return serverWide && !client.security().fapi2()
                ? client.withSecurity(client.security().withFapi2(true)) : client;
    }
}
