package dev.jeton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JetonSettingsTest {

    private static final String PASSWORD = "keystore-pa55word-do-not-print";

    /** The shipped defaults (META-INF/microprofile-config.properties) plus the values that have none. */
    private static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("jeton.profile", "production");
        m.put("jeton.issuer", "https://as.example.com");
        m.put("jeton.access-token.ttl-seconds", "600");
        m.put("jeton.access-token.audience", "");
        m.put("jeton.signing.algorithm", "ES256");
        m.put("jeton.signing.key-alias", "");
        m.put("jeton.keystore.path", "/var/lib/jeton/keys.bcfks");
        m.put("jeton.keystore.type", "BCFKS");
        m.put("jeton.keystore.password", PASSWORD);
        m.put("jeton.scopes.allowed", "");
        m.put("jeton.scopes.default", "");
        m.put("jeton.clients.file", "");
        m.put("jeton.clients.secret-min-length", "32");
        m.put("jeton.audit.connection-factory", "jms/jeton/ConnectionFactory");
        m.put("jeton.audit.queue", "jms/jeton/AuditQueue");
        m.put("jeton.http.max-body-bytes", "65536");
        m.put("jeton.jwks.max-age-seconds", "300");
        return m;
    }

    private static JetonSettings from(Map<String, String> properties) {
        return JetonSettings.from(name -> Optional.ofNullable(properties.get(name)));
    }

    private static JetonSettings with(String name, String value) {
        Map<String, String> m = valid();
        m.put(name, value);
        return from(m);
    }

    /** Asserts that setting {@code name} to {@code value} (null: unset) is refused with a message naming {@code property}. */
    private static void assertRefused(String name, String value, String property) {
        Map<String, String> m = valid();
        if (value == null) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> from(m), name + "=" + value);
        assertTrue(e.getMessage().contains(property), e.getMessage());
    }

    @Test
    void validPropertiesGiveSettingsWithTheShippedDefaults() {
        JetonSettings s = from(valid());

        assertEquals(JetonSettings.Profile.PRODUCTION, s.profile());
        assertEquals(URI.create("https://as.example.com"), s.issuer());
        assertEquals(Duration.ofMinutes(10), s.accessTokenTtl());
        assertEquals("https://as.example.com", s.accessTokenAudience(), "empty audience means the issuer");
        assertEquals(SigningAlgorithm.ES256, s.signingAlgorithm());
        assertNull(s.signingKeyAlias(), "empty alias means the newest key");
        assertEquals(Path.of("/var/lib/jeton/keys.bcfks"), s.keystorePath());
        assertEquals("BCFKS", s.keystoreType());
        assertArrayEquals(PASSWORD.toCharArray(), s.keystorePassword());
        assertEquals(Set.of(), s.allowedScopes());
        assertEquals(Set.of(), s.defaultScopes());
        assertEquals(Optional.empty(), s.clientsFile());
        assertEquals(32, s.clientSecretMinLength());
        assertEquals("jms/jeton/ConnectionFactory", s.auditConnectionFactory());
        assertEquals("jms/jeton/AuditQueue", s.auditQueue());
        assertEquals(65536, s.maxBodyBytes());
        assertEquals(Duration.ofMinutes(5), s.jwksMaxAge());
    }

    @Test
    void explicitValuesAreRead() {
        Map<String, String> m = valid();
        m.put("jeton.profile", "dev");
        m.put("jeton.access-token.audience", "https://api.example.com");
        m.put("jeton.signing.algorithm", "RS256");
        m.put("jeton.signing.key-alias", "rs256-1");
        m.put("jeton.keystore.type", "pkcs12");
        m.put("jeton.scopes.allowed", "api.read, api.write admin");
        m.put("jeton.scopes.default", "api.read");
        m.put("jeton.clients.file", "/etc/jeton/clients.json");
        JetonSettings s = from(m);

        assertEquals(JetonSettings.Profile.DEV, s.profile());
        assertEquals("https://api.example.com", s.accessTokenAudience());
        assertEquals(SigningAlgorithm.RS256, s.signingAlgorithm());
        assertEquals("rs256-1", s.signingKeyAlias());
        assertEquals("PKCS12", s.keystoreType());
        assertEquals(Set.of("api.read", "api.write", "admin"), s.allowedScopes());
        assertEquals(Set.of("api.read"), s.defaultScopes());
        assertEquals(Optional.of(Path.of("/etc/jeton/clients.json")), s.clientsFile());
    }

    @Test
    void profileDefaultsToProduction() {
        Map<String, String> m = valid();
        m.remove("jeton.profile");

        assertEquals(JetonSettings.Profile.PRODUCTION, from(m).profile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "-600", "ten", "1.5", "99999999999", " "})
    void accessTokenTtlMustBeAPositiveWholeNumber(String value) {
        assertRefused("jeton.access-token.ttl-seconds", value, "jeton.access-token.ttl-seconds");
    }

    @Test
    void otherNumericPropertiesAreCheckedToo() {
        assertRefused("jeton.http.max-body-bytes", "0", "jeton.http.max-body-bytes");
        assertRefused("jeton.jwks.max-age-seconds", "-1", "jeton.jwks.max-age-seconds");
        assertRefused("jeton.clients.secret-min-length", "x", "jeton.clients.secret-min-length");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "none", "es256", "RS512", "PS256"})
    void unknownSigningAlgorithmIsRefused(String value) {
        // RFC 7518 §3.1 names; Jeton signs only with RS256 or ES256, never "none" or a MAC (RFC 8725 §3.2)
        assertRefused("jeton.signing.algorithm", value, "jeton.signing.algorithm");
    }

    @Test
    void missingIssuerIsRefused() {
        assertRefused("jeton.issuer", null, "jeton.issuer");
        assertRefused("jeton.issuer", "  ", "jeton.issuer");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://as.example.com/?tenant=1",
            "https://as.example.com/#frag",
            "https://as.example.com?",
            "http://as.example.com",
            "http://192.0.2.10:8080",
            "ftp://as.example.com",
            "as.example.com",
            "/oauth",
            "https://as example.com"})
    void issuerMustBeHttpsWithoutQueryOrFragment(String value) {
        // RFC 8414 §2: the issuer is an https URL with no query or fragment components
        assertRefused("jeton.issuer", value, "jeton.issuer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost", "http://localhost:8080/jeton", "http://127.0.0.1:8080", "http://[::1]:8080"})
    void plainHttpIssuerIsAllowedOnLoopback(String value) {
        assertEquals(URI.create(value), with("jeton.issuer", value).issuer());
    }

    @Test
    void issuerWithPathIsKept() {
        // RFC 8414 §3: an issuer may have a path
        JetonSettings s = with("jeton.issuer", "https://as.example.com/tenant-a/");

        assertEquals(URI.create("https://as.example.com/tenant-a/oauth/token"), s.endpoint("/oauth/token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JKS", "JCEKS", "PKCS11", "bks"})
    void unsupportedKeystoreTypeIsRefused(String value) {
        assertRefused("jeton.keystore.type", value, "jeton.keystore.type");
    }

    @Test
    void requiredKeystoreValuesMustBeSet() {
        assertRefused("jeton.keystore.path", null, "jeton.keystore.path");
        assertRefused("jeton.keystore.password", "", "jeton.keystore.password");
    }

    @Test
    void defaultScopesMustBeWithinAllowedScopes() {
        Map<String, String> m = valid();
        m.put("jeton.scopes.allowed", "api.read api.write");
        m.put("jeton.scopes.default", "api.read admin");

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> from(m));
        assertTrue(e.getMessage().contains("jeton.scopes.default"), e.getMessage());
    }

    @Test
    void anyDefaultScopesWhenNoAllowedSet() {
        assertEquals(Set.of("admin"), with("jeton.scopes.default", "admin").defaultScopes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "test", "prod"})
    void unknownProfileIsRefused(String value) {
        assertRefused("jeton.profile", value, "jeton.profile");
    }

    @Test
    void toStringNeverShowsTheKeystorePassword() {
        String text = from(valid()).toString();

        assertFalse(text.contains(PASSWORD), text);
        assertFalse(text.contains("pa55word"), text);
        assertTrue(text.contains("https://as.example.com"), "toString still describes the settings: " + text);
    }

    @Test
    void parsingDoesNotDependOnTheDefaultLocale() {
        // in a Turkish locale "production".toUpperCase() is "PRODUCTİON"
        Locale previous = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals(JetonSettings.Profile.PRODUCTION, from(valid()).profile());
        } finally {
            Locale.setDefault(previous);
        }
    }
}
