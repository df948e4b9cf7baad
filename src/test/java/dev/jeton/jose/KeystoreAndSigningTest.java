package dev.jeton.jose;

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.token.AccessTokenClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeystoreAndSigningTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final char[] password = "test-keystore-password".toCharArray();

    @TempDir
    Path dir;

    private KeystoreFile createKeystore(String type) throws IOException, GeneralSecurityException {
        KeystoreFile file = new KeystoreFile(dir.resolve("keys." + type.toLowerCase()), type, password);
        file.createWithKeys(NOW);
        return file;
    }

    private static SigningKey only(List<SigningKey> keys, SigningAlgorithm algorithm) {
        List<SigningKey> matching = keys.stream().filter(k -> k.algorithm() == algorithm).toList();
        assertEquals(1, matching.size(), algorithm + " keys: " + matching);
        return matching.get(0);
    }

    /** RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace. */
    private static String thumbprint(JWK jwk) throws Exception {
        Map<String, Object> json = jwk.toJSONObject();
        String canonical = switch (jwk.getKeyType().getValue()) {
            case "EC" -> "{\"crv\":\"" + json.get("crv") + "\",\"kty\":\"EC\",\"x\":\"" + json.get("x")
                    + "\",\"y\":\"" + json.get("y") + "\"}";
            case "RSA" -> "{\"e\":\"" + json.get("e") + "\",\"kty\":\"RSA\",\"n\":\"" + json.get("n") + "\"}";
            default -> throw new AssertionError(jwk.getKeyType());
        };
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
        return Base64URL.encode(digest).toString();
    }

    private static AccessTokenClaims claims(String scope) {
        return new AccessTokenClaims("https://as.example.com", "service", List.of("https://api.example.com"),
                "service", scope, NOW, NOW.plusSeconds(600), "jti-0123456789");
    }

    private static JWSVerifier verifier(SigningKey key) throws Exception {
        return key.algorithm() == SigningAlgorithm.ES256
                ? new ECDSAVerifier(key.publicJwk().toECKey())
                : new RSASSAVerifier(key.publicJwk().toRSAKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BCFKS", "PKCS12"})
    void createdKeystoreHoldsOneEs256AndOneRs256Key(String type) throws Exception {
        List<SigningKey> keys = createKeystore(type).load();

        assertEquals(2, keys.size(), keys.toString());
        SigningKey ec = only(keys, SigningAlgorithm.ES256);
        SigningKey rsa = only(keys, SigningAlgorithm.RS256);
        assertEquals("EC", ec.publicJwk().getKeyType().getValue());
        assertEquals("P-256", ec.publicJwk().toECKey().getCurve().getName());
        assertEquals("RSA", rsa.publicJwk().getKeyType().getValue());
        assertTrue(rsa.publicJwk().size() >= 2048, "RSA key of " + rsa.publicJwk().size() + " bits");
        assertEquals(NOW, ec.notBefore());
    }

    @ParameterizedTest
    @ValueSource(strings = {"BCFKS", "PKCS12"})
    void kidIsTheRfc7638Thumbprint(String type) throws Exception {
        // RFC 7638 §3: the kid is the JWK thumbprint of the public key
        for (SigningKey key : createKeystore(type).load()) {
            assertEquals(thumbprint(key.publicJwk()), key.kid(), key.toString());
            assertEquals(key.kid(), key.publicJwk().getKeyID());
        }
    }

    @Test
    void rfc7638ExampleThumbprint() throws Exception {
        // RFC 7638 §3.1: the example RSA key and its thumbprint
        RSAKey example = new RSAKey.Builder(
                new Base64URL("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"),
                new Base64URL("AQAB")).build();

        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", example.computeThumbprint().toString());
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint(example));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BCFKS", "PKCS12"})
    void wrongPasswordCannotLoad(String type) throws Exception {
        createKeystore(type);
        KeystoreFile wrong = new KeystoreFile(dir.resolve("keys." + type.toLowerCase()), type,
                "not-the-password".toCharArray());

        Exception e = assertThrows(Exception.class, wrong::load);
        assertTrue(e instanceof IOException || e instanceof GeneralSecurityException, e.toString());
    }

    @Test
    void anAddedKeyIsPublishedAsNextWhileTheActiveKeyKeepsSigning() throws Exception {
        KeystoreFile file = createKeystore("BCFKS");
        String first = only(file.load(), SigningAlgorithm.ES256).alias();
        String newer = file.addKey(SigningAlgorithm.ES256, NOW.plusSeconds(3600));
        List<SigningKey> keys = file.load();

        SigningKeySet set = SigningKeySet.select(keys, SigningAlgorithm.ES256, null);

        assertEquals(3, set.all().size());
        assertEquals(first, set.active().alias());
        assertEquals(KeyState.NEXT, set.entries().stream().filter(e -> e.key().alias().equals(newer)).findFirst()
                .orElseThrow().state());
        assertEquals(SigningAlgorithm.ES256, set.active().algorithm());
        assertEquals(SigningAlgorithm.RS256, SigningKeySet.select(keys, SigningAlgorithm.RS256, null).active().algorithm());
    }

    @Test
    void selectHonoursTheConfiguredAlias() throws Exception {
        KeystoreFile file = createKeystore("BCFKS");
        file.addKey(SigningAlgorithm.ES256, NOW.plusSeconds(3600));
        List<SigningKey> keys = file.load();
        SigningKey older = keys.stream().filter(k -> k.algorithm() == SigningAlgorithm.ES256)
                .filter(k -> k.notBefore().equals(NOW)).findFirst().orElseThrow();

        assertEquals(older.alias(), SigningKeySet.select(keys, SigningAlgorithm.ES256, older.alias()).active().alias());
    }

    @Test
    void selectRefusesAnAliasOfTheOtherAlgorithm() throws Exception {
        List<SigningKey> keys = createKeystore("BCFKS").load();
        String rsaAlias = only(keys, SigningAlgorithm.RS256).alias();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SigningKeySet.select(keys, SigningAlgorithm.ES256, rsaAlias));
        assertTrue(e.getMessage().contains("jeton.signing.key-alias"), e.getMessage());
    }

    @Test
    void selectRefusesAnUnknownAlias() throws Exception {
        List<SigningKey> keys = createKeystore("BCFKS").load();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SigningKeySet.select(keys, SigningAlgorithm.ES256, "no-such-alias"));
        assertTrue(e.getMessage().contains("jeton.signing.key-alias"), e.getMessage());
    }

    @Test
    void selectRefusesWhenNoKeyHasTheAlgorithm() throws Exception {
        List<SigningKey> ecOnly = createKeystore("BCFKS").load().stream()
                .filter(k -> k.algorithm() == SigningAlgorithm.ES256).toList();

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> SigningKeySet.select(ecOnly, SigningAlgorithm.RS256, null));
        assertTrue(e.getMessage().contains("jeton.signing.algorithm"), e.getMessage());
    }

    @Test
    void publicJwkSetHasNoPrivateMembers() throws Exception {
        // RFC 7517 §5 / RFC 7518 §6.2.2, §6.3.2: a published JWK Set never carries private key parameters
        SigningKeySet set = SigningKeySet.select(createKeystore("BCFKS").load(), SigningAlgorithm.ES256, null);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> published = (List<Map<String, Object>>) set.publicJwkSet()
                .toJSONObject(false).get("keys");
        assertEquals(2, published.size());
        for (Map<String, Object> jwk : published) {
            for (String member : List.of("d", "p", "q", "dp", "dq", "qi", "oth")) {
                assertFalse(jwk.containsKey(member), "private member " + member + " in " + jwk.keySet());
            }
            assertInstanceOf(String.class, jwk.get("kid"));
            assertEquals(KeyUse.SIGNATURE.identifier(), jwk.get("use"));
            assertTrue(List.of("ES256", "RS256").contains(jwk.get("alg")), String.valueOf(jwk.get("alg")));
        }
        assertNotEquals(published.get(0).get("kid"), published.get(1).get("kid"));
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void issuedJwtIsAnRfc9068AccessTokenVerifiableWithThePublishedKey(SigningAlgorithm algorithm) throws Exception {
        SigningKeySet set = SigningKeySet.select(createKeystore("BCFKS").load(), algorithm, null);
        JWK published = set.publicJwkSet().getKeyByKeyId(set.active().kid());

        SignedJWT jwt = SignedJWT.parse(new JwtAccessTokenIssuer(set).issue(claims("api.read api.write")));

        // RFC 9068 §2.1: typ "at+jwt", signed with an asymmetric algorithm, identified by kid
        assertEquals("at+jwt", jwt.getHeader().getType().getType());
        assertEquals(algorithm.name(), jwt.getHeader().getAlgorithm().getName());
        assertEquals(set.active().kid(), jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(algorithm == SigningAlgorithm.ES256
                ? new ECDSAVerifier(published.toECKey()) : new RSASSAVerifier(published.toRSAKey())));

        // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope when one was granted
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertEquals("https://as.example.com", c.getIssuer());
        assertEquals("service", c.getSubject());
        assertEquals(List.of("https://api.example.com"), c.getAudience());
        assertEquals("service", c.getStringClaim("client_id"));
        assertEquals(Date.from(NOW), c.getIssueTime());
        assertEquals(Date.from(NOW.plusSeconds(600)), c.getExpirationTime());
        assertEquals("jti-0123456789", c.getJWTID());
        assertEquals("api.read api.write", c.getStringClaim("scope"));
    }

    @Test
    void emptyScopeLeavesOutTheScopeClaim() throws Exception {
        SigningKeySet set = SigningKeySet.select(createKeystore("BCFKS").load(), SigningAlgorithm.ES256, null);

        SignedJWT jwt = SignedJWT.parse(new JwtAccessTokenIssuer(set).issue(claims("")));

        // RFC 9068 §2.2.3: scope is present only when scopes were granted
        assertNull(jwt.getJWTClaimsSet().getClaim("scope"));
        assertFalse(jwt.getJWTClaimsSet().getClaims().containsKey("scope"));
    }

    @Test
    void tokenDoesNotVerifyWithAnotherKeyOrWhenAltered() throws Exception {
        KeystoreFile file = createKeystore("BCFKS");
        file.addKey(SigningAlgorithm.ES256, NOW.plusSeconds(60));
        List<SigningKey> keys = file.load();
        SigningKeySet set = SigningKeySet.select(keys, SigningAlgorithm.ES256, null);
        SigningKey other = keys.stream().filter(k -> k.algorithm() == SigningAlgorithm.ES256)
                .filter(k -> !k.equals(set.active())).findFirst().orElseThrow();
        String token = new JwtAccessTokenIssuer(set).issue(claims("api.read"));

        assertTrue(SignedJWT.parse(token).verify(verifier(set.active())));
        assertFalse(SignedJWT.parse(token).verify(verifier(other)));
        String[] parts = token.split("\\.");
        String altered = parts[0] + "." + Base64URL.encode(new String(Base64URL.from(parts[1]).decode(),
                StandardCharsets.UTF_8).replace("\"service\"", "\"admin\"")) + "." + parts[2];
        assertFalse(SignedJWT.parse(altered).verify(verifier(set.active())));
    }
}
