package dev.jeton.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every policy value Jeton reads, validated once at start. A bad value stops the deployment with
 * a message that names the property. Property names and defaults are listed in README.md.
 */
public record JetonSettings(
        Profile profile,
        URI issuer,
        Duration accessTokenTtl,
        String accessTokenAudience,
        SigningAlgorithm signingAlgorithm,
        String signingKeyAlias,
        Path keystorePath,
        String keystoreType,
        char[] keystorePassword,
        Set<String> allowedScopes,
        Set<String> defaultScopes,
        Optional<Path> clientsFile,
        int clientSecretMinLength,
        String auditConnectionFactory,
        String auditQueue,
        Duration auditRelayInterval,
        int auditRelayBatchSize,
        Duration auditRelayLinger,
        int maxBodyBytes,
        Duration jwksMaxAge,
        Duration authorizationCodeTtl,
        Duration refreshTokenIdleTtl,
        Duration refreshTokenAbsoluteTtl,
        Duration refreshTokenReuseGrace,
        boolean refreshRequiresOfflineAccess,
        Duration idTokenTtl,
        SigningAlgorithm idTokenSigningAlgorithm,
        int passwordIterations) {

    /** {@code dev} generates a keystore when none exists; {@code production} refuses to start without one. */
    public enum Profile { PRODUCTION, DEV }

    public static final String PROFILE = "jeton.profile";
    public static final String ISSUER = "jeton.issuer";
    public static final String ACCESS_TOKEN_TTL = "jeton.access-token.ttl-seconds";
    public static final String ACCESS_TOKEN_AUDIENCE = "jeton.access-token.audience";
    public static final String SIGNING_ALGORITHM = "jeton.signing.algorithm";
    public static final String SIGNING_KEY_ALIAS = "jeton.signing.key-alias";
    public static final String KEYSTORE_PATH = "jeton.keystore.path";
    public static final String KEYSTORE_TYPE = "jeton.keystore.type";
    public static final String KEYSTORE_PASSWORD = "jeton.keystore.password";
    public static final String SCOPES_ALLOWED = "jeton.scopes.allowed";
    public static final String SCOPES_DEFAULT = "jeton.scopes.default";
    public static final String CLIENTS_FILE = "jeton.clients.file";
    public static final String CLIENT_SECRET_MIN_LENGTH = "jeton.clients.secret-min-length";
    public static final String AUDIT_CONNECTION_FACTORY = "jeton.audit.connection-factory";
    public static final String AUDIT_QUEUE = "jeton.audit.queue";
    public static final String AUDIT_RELAY_INTERVAL = "jeton.audit.relay-interval-seconds";
    public static final String AUDIT_RELAY_BATCH_SIZE = "jeton.audit.relay-batch-size";
    public static final String AUDIT_RELAY_LINGER = "jeton.audit.relay-linger-millis";
    public static final String MAX_BODY_BYTES = "jeton.http.max-body-bytes";
    public static final String JWKS_MAX_AGE = "jeton.jwks.max-age-seconds";
    public static final String AUTHORIZATION_CODE_TTL = "jeton.authorization-code.ttl-seconds";
    public static final String REFRESH_IDLE_TTL = "jeton.refresh-token.idle-ttl-seconds";
    public static final String REFRESH_ABSOLUTE_TTL = "jeton.refresh-token.absolute-ttl-seconds";
    public static final String REFRESH_REUSE_GRACE = "jeton.refresh-token.reuse-grace-seconds";
    public static final String REFRESH_REQUIRES_OFFLINE_ACCESS = "jeton.refresh-token.openid-requires-offline-access";
    public static final String ID_TOKEN_TTL = "jeton.id-token.ttl-seconds";
    public static final String ID_TOKEN_ALGORITHM = "jeton.id-token.signing-algorithm";
    public static final String PASSWORD_ITERATIONS = "jeton.users.pbkdf2-iterations";

    /** Reads and checks every property; {@code lookup} answers empty for an unset property. */
    public static JetonSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        Profile profile = r.enumValue(PROFILE, Profile.class, "production");
        URI issuer = r.issuer();
        Set<String> allowed = r.scopes(SCOPES_ALLOWED);
        Set<String> defaults = r.scopes(SCOPES_DEFAULT);
        if (!allowed.isEmpty() && !allowed.containsAll(defaults)) {
            throw new ConfigurationException(SCOPES_DEFAULT + " must be a subset of " + SCOPES_ALLOWED);
        }
        SigningAlgorithm signingAlgorithm = r.algorithm(SIGNING_ALGORITHM, null);
        String keystoreType = r.required(KEYSTORE_TYPE).toUpperCase(Locale.ROOT);
        if (!Set.of("BCFKS", "PKCS12").contains(keystoreType)) {
            throw new ConfigurationException(KEYSTORE_TYPE + " must be BCFKS or PKCS12, got '" + keystoreType + "'");
        }
        return new JetonSettings(
                profile,
                issuer,
                r.positiveSeconds(ACCESS_TOKEN_TTL),
                r.optional(ACCESS_TOKEN_AUDIENCE).orElse(issuer.toString()),
                signingAlgorithm,
                r.optional(SIGNING_KEY_ALIAS).orElse(null),
                Path.of(r.required(KEYSTORE_PATH)),
                keystoreType,
                r.required(KEYSTORE_PASSWORD).toCharArray(),
                allowed,
                defaults,
                r.optional(CLIENTS_FILE).map(Path::of),
                r.positiveInt(CLIENT_SECRET_MIN_LENGTH),
                r.required(AUDIT_CONNECTION_FACTORY),
                r.required(AUDIT_QUEUE),
                Duration.ofSeconds(r.positiveInt(AUDIT_RELAY_INTERVAL, 5)),
                r.positiveInt(AUDIT_RELAY_BATCH_SIZE, 100),
                Duration.ofMillis(r.nonNegativeInt(AUDIT_RELAY_LINGER, 50)),
                r.positiveInt(MAX_BODY_BYTES),
                r.positiveSeconds(JWKS_MAX_AGE),
                Duration.ofSeconds(r.positiveInt(AUTHORIZATION_CODE_TTL, 60)),
                Duration.ofSeconds(r.positiveInt(REFRESH_IDLE_TTL, 1_209_600)),
                Duration.ofSeconds(r.positiveInt(REFRESH_ABSOLUTE_TTL, 2_592_000)),
                Duration.ofSeconds(r.nonNegativeInt(REFRESH_REUSE_GRACE, 0)),
                r.bool(REFRESH_REQUIRES_OFFLINE_ACCESS, true),
                Duration.ofSeconds(r.positiveInt(ID_TOKEN_TTL, 300)),
                r.algorithm(ID_TOKEN_ALGORITHM, "RS256"),
                r.positiveInt(PASSWORD_ITERATIONS, 600_000));
    }

    /** An endpoint URL under the issuer: every URL Jeton publishes is built here (RFC 8414 §2). */
    public URI endpoint(String path) {
        String base = issuer.toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    @Override
    public String toString() {
        // never print the keystore password
        return "JetonSettings[profile=" + profile + ", issuer=" + issuer + ", accessTokenTtl=" + accessTokenTtl
                + ", signingAlgorithm=" + signingAlgorithm + ", keystorePath=" + keystorePath + "]";
    }
}
