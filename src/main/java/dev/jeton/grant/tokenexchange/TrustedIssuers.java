package dev.jeton.grant.tokenexchange;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jeton.config.ConfigurationException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.IOException;
import java.io.Reader;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * External issuers whose JWTs an operator accepts in token exchange (RFC 8693 §2.1 subject and
 * actor tokens of type {@code urn:ietf:params:oauth:token-type:jwt}). The file names each issuer
 * with its JWKS, from a local file or an https URL (fetched and cached by Nimbus):
 * <pre>{"issuers": [{"issuer": "https://idp.example.com", "jwks_uri": "https://idp.example.com/jwks"},
 *                   {"issuer": "https://partner.example", "jwks_file": "/etc/jeton/partner.jwks.json",
 *                    "audience": "https://as.example.com"}]}</pre>
 * A token is accepted only when its {@code iss} is listed, its signature verifies with that
 * issuer's keys (RS/PS/ES algorithms, never {@code none} or HMAC), it is unexpired, and its
 * {@code aud} names Jeton (the issuer identifier, or the entry's {@code audience}): a token meant
 * for some other service is not ours to exchange. Trusting an issuer means taking its {@code sub}
 * as a subject of ours.
 */
public final class TrustedIssuers {

    private static final JsonProvider JSONP = JsonProvider.provider();
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Another party's clock: a little skew is forgiven on exp and nbf. */
    static final long CLOCK_SKEW_SECONDS = 30;

    public static final TrustedIssuers NONE = new TrustedIssuers(Map.of());

    private record Issuer(String issuer, String audience, JWKSource<SecurityContext> keys) {
    }

    private final Map<String, Issuer> byIssuer;

    private TrustedIssuers(Map<String, Issuer> byIssuer) {
        this.byIssuer = Map.copyOf(byIssuer);
    }

    /** Reads the file; every problem is a {@link ConfigurationException} naming the property. */
    public static TrustedIssuers read(Path file, String ourIssuer) {
        String property = TokenExchangeSettings.TRUSTED_ISSUERS_FILE;
        JsonObject root;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); JsonReader json = JSONP.createReader(in)) {
            root = json.readObject();
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(property + ": cannot read " + file + " as a JSON object");
        }
        if (!(root.get("issuers") instanceof JsonArray array)) {
            throw new ConfigurationException(property + ": " + file + " has no 'issuers' array");
        }
        Map<String, Issuer> issuers = new LinkedHashMap<>();
        for (JsonValue value : array) {
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ConfigurationException(property + ": every entry of 'issuers' must be an object");
            }
            JsonObject o = value.asJsonObject();
            String issuer = string(o, "issuer");
            if (issuer == null || issuer.isBlank()) {
                throw new ConfigurationException(property + ": every issuer needs an 'issuer'");
            }
            if (issuer.equals(ourIssuer)) {
                throw new ConfigurationException(property + ": Jeton's own issuer cannot be an external one");
            }
            String uri = string(o, "jwks_uri");
            String jwksFile = string(o, "jwks_file");
            if ((uri == null) == (jwksFile == null)) {
                throw new ConfigurationException(property + ": issuer '" + issuer
                        + "' needs exactly one of jwks_uri and jwks_file");
            }
            JWKSource<SecurityContext> keys = uri != null ? remote(issuer, uri) : local(issuer, Path.of(jwksFile));
            String audience = Optional.ofNullable(string(o, "audience")).orElse(ourIssuer);
            if (issuers.put(issuer, new Issuer(issuer, audience, keys)) != null) {
                throw new ConfigurationException(property + ": issuer '" + issuer + "' is listed twice");
            }
        }
        return new TrustedIssuers(issuers);
    }

    public boolean trusts(String issuer) {
        return issuer != null && byIssuer.containsKey(issuer);
    }

    /** The token's claims when a trusted issuer signed it for us and it is valid at {@code now}. */
    public Optional<JWTClaimsSet> verify(String token, Instant now) {
        try {
            String iss = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
            Issuer issuer = byIssuer.get(iss);
            if (issuer == null) {
                return Optional.empty();
            }
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, issuer.keys()));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(issuer.audience(),
                    new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(), Set.of("sub", "exp")) {
                {
                    setMaxClockSkew((int) CLOCK_SKEW_SECONDS);
                }

                @Override
                protected Date currentTime() {
                    return Date.from(now);
                }
            });
            return Optional.of(processor.process(token, null));
        } catch (ParseException e) {
            return Optional.empty();
        } catch (Exception e) {
            // bad signature, unknown key, expired, wrong audience: all the same to the client
            return Optional.empty();
        }
    }

    private static JWKSource<SecurityContext> remote(String issuer, String uri) {
        URI parsed = URI.create(uri);
        if (!"https".equals(parsed.getScheme()) && !"localhost".equals(parsed.getHost())
                && !"127.0.0.1".equals(parsed.getHost())) {
            throw new ConfigurationException(TokenExchangeSettings.TRUSTED_ISSUERS_FILE + ": the jwks_uri of '" + issuer
                    + "' must use https");
        }
        try {
            return JWKSourceBuilder.create(parsed.toURL()).build();
        } catch (MalformedURLException e) {
            throw new ConfigurationException(TokenExchangeSettings.TRUSTED_ISSUERS_FILE + ": bad jwks_uri for '"
                    + issuer + "'");
        }
    }

    private static JWKSource<SecurityContext> local(String issuer, Path file) {
        try {
            JWKSet set = JWKSet.load(file.toFile());
            if (set.getKeys().stream().anyMatch(k -> k.isPrivate())) {
                throw new ConfigurationException(TokenExchangeSettings.TRUSTED_ISSUERS_FILE + ": the JWKS of '"
                        + issuer + "' holds private keys; give only the public ones");
            }
            return new ImmutableJWKSet<>(set);
        } catch (IOException | ParseException e) {
            throw new ConfigurationException(TokenExchangeSettings.TRUSTED_ISSUERS_FILE + ": cannot read the JWKS of '"
                    + issuer + "' from " + file);
        }
    }

    private static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
