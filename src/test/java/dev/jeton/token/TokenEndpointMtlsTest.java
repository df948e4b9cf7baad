package dev.jeton.token;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.audit.AuditEvent;
import dev.jeton.client.CertificateMetadata;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.client.TlsClientAuthName;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.mtls.ClientCertificate;
import dev.jeton.mtls.TestCertificates;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jeton.token.CoreFixture.CA;
import static dev.jeton.token.CoreFixture.NOW;
import static dev.jeton.token.CoreFixture.SECRET;
import static dev.jeton.token.CoreFixture.basic;
import static dev.jeton.token.CoreFixture.mtlsRequest;
import static dev.jeton.token.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Mutual TLS at the token endpoint core (RFC 8705): both authentication methods and certificate-bound tokens. */
class TokenEndpointMtlsTest {

    private static final String DN = "CN=payments-client,O=Example Bank,C=GB";
    private static final Instant FROM = NOW.minus(Duration.ofHours(1));
    private static final Instant UNTIL = NOW.plus(Duration.ofDays(1));

    private CoreFixture core;
    private TestCertificates.Issued clientCertificate;

    @BeforeEach
    void setUp() throws Exception {
        core = new CoreFixture();
        clientCertificate = TestCertificates.issue(CA, DN, FROM, UNTIL,
                new GeneralName(GeneralName.dNSName, "client.example.com"),
                new GeneralName(GeneralName.uniformResourceIdentifier, "https://client.example.com/id"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.7"),
                new GeneralName(GeneralName.rfc822Name, "ops@client.example.com"));
    }

    private RegisteredClient client(String id, ClientAuthMethod method, TlsClientAuthName name, boolean bound,
                                    String jwks) {
        SecurityProfile security = new SecurityProfile(jwks, null, null, null, false, false, false)
                .withCertificate(new CertificateMetadata(name, bound));
        return new RegisteredClient(id, id, null, method, Set.of("client_credentials"), Set.of("api.read"), List.of(),
                null, null, null, true, false, null, security);
    }

    private void tlsClient(String id, TlsClientAuthName.Kind kind, String value, boolean bound) throws Exception {
        core.add(client(id, ClientAuthMethod.TLS_CLIENT_AUTH, TlsClientAuthName.of(kind, value), bound, null));
    }

    private static String jwksOf(TestCertificates.Issued certificate) {
        return new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) certificate.keys().getPublic()).keyID("k1")
                .build()).toString();
    }

    private TokenOutcome.Issued issued(ClientCertificate certificate, String clientId) {
        return assertInstanceOf(TokenOutcome.Issued.class, core.endpoint.process(mtlsRequest(certificate,
                "grant_type", "client_credentials", "client_id", clientId)));
    }

    private void refused(TokenRequest request, OAuthErrorCode code, String reason) {
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, core.endpoint.process(request));
        assertEquals(code, denied.error().code());
        AuditEvent last = denied.events().get(denied.events().size() - 1);
        assertEquals(reason, last.reason());
    }

    private static Object cnf(TokenOutcome.Issued issued) throws Exception {
        return SignedJWT.parse(issued.response().accessToken()).getJWTClaimsSet().getClaim("cnf");
    }

    @Test
    void tlsClientAuthWithTheRegisteredSubjectDnAuthenticates() throws Exception {
        // RFC 8705 §2.1.2: compared as DNs, so case and spacing of the registration do not matter
        tlsClient("dn", TlsClientAuthName.Kind.SUBJECT_DN, "cn=Payments-Client, o=example bank, c=gb", false);
        TokenOutcome.Issued issued = issued(clientCertificate.asClientCertificate(), "dn");
        assertNull(cnf(issued), "not registered for bound tokens: a plain bearer token");
        assertEquals("Bearer", issued.response().tokenType());
    }

    @Test
    void tlsClientAuthMatchesEachKindOfSubjectAltName() throws Exception {
        tlsClient("dns", TlsClientAuthName.Kind.SAN_DNS, "CLIENT.example.com", false);
        tlsClient("uri", TlsClientAuthName.Kind.SAN_URI, "https://client.example.com/id", false);
        tlsClient("ip", TlsClientAuthName.Kind.SAN_IP, "192.0.2.7", false);
        tlsClient("email", TlsClientAuthName.Kind.SAN_EMAIL, "ops@CLIENT.example.com", false);
        for (String id : List.of("dns", "uri", "ip", "email")) {
            issued(clientCertificate.asClientCertificate(), id);
        }
    }

    @Test
    void tlsClientAuthWithAnotherNameIsInvalidClient() throws Exception {
        tlsClient("dn", TlsClientAuthName.Kind.SUBJECT_DN, "CN=other-client,O=Example Bank,C=GB", false);
        tlsClient("ip", TlsClientAuthName.Kind.SAN_IP, "192.0.2.8", false);
        refused(mtlsRequest(clientCertificate.asClientCertificate(), "grant_type", "client_credentials",
                "client_id", "dn"), OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_NAME_MISMATCH");
        refused(mtlsRequest(clientCertificate.asClientCertificate(), "grant_type", "client_credentials",
                "client_id", "ip"), OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_NAME_MISMATCH");
    }

    @Test
    void tlsClientAuthWithoutACertificateIsInvalidClient() throws Exception {
        tlsClient("dn", TlsClientAuthName.Kind.SUBJECT_DN, DN, false);
        refused(request(null, "grant_type", "client_credentials", "client_id", "dn"), OAuthErrorCode.INVALID_CLIENT,
                "CERTIFICATE_MISSING");
    }

    @Test
    void tlsClientAuthWithACertificateOfAnotherCaIsInvalidClient() throws Exception {
        tlsClient("dn", TlsClientAuthName.Kind.SUBJECT_DN, DN, false);
        TestCertificates.Issued rogue = TestCertificates.issue(TestCertificates.ca("Rogue CA", NOW), DN, FROM, UNTIL);
        refused(mtlsRequest(rogue.asClientCertificate(), "grant_type", "client_credentials", "client_id", "dn"),
                OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_UNTRUSTED");
        // the same name on a self-signed certificate does not make it trusted either
        TestCertificates.Issued self = TestCertificates.selfSigned(DN, TestCertificates.ecKey(), FROM, UNTIL);
        refused(mtlsRequest(self.asClientCertificate(), "grant_type", "client_credentials", "client_id", "dn"),
                OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_UNTRUSTED");
    }

    @Test
    void tlsClientAuthWithAnExpiredCertificateIsInvalidClient() throws Exception {
        tlsClient("dn", TlsClientAuthName.Kind.SUBJECT_DN, DN, false);
        TestCertificates.Issued expired = TestCertificates.issue(CA, DN, NOW.minus(Duration.ofDays(2)),
                NOW.minus(Duration.ofDays(1)));
        refused(mtlsRequest(expired.asClientCertificate(), "grant_type", "client_credentials", "client_id", "dn"),
                OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_NOT_VALID_NOW");
    }

    @Test
    void selfSignedTlsClientAuthWithARegisteredKeyAuthenticates() throws Exception {
        TestCertificates.Issued self = TestCertificates.selfSigned("CN=whatever", TestCertificates.ecKey(), FROM, UNTIL);
        core.add(client("self", ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, null, true, jwksOf(self)));
        TokenOutcome.Issued issued = issued(self.asClientCertificate(), "self");
        assertEquals(Map.of("x5t#S256", self.asClientCertificate().thumbprint()), cnf(issued));
    }

    @Test
    void selfSignedTlsClientAuthMatchesAnX5cCertificate() throws Exception {
        TestCertificates.Issued self = TestCertificates.selfSigned("CN=x5c", TestCertificates.ecKey(), FROM, UNTIL);
        String jwks = new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) self.keys().getPublic())
                .x509CertChain(List.of(Base64.encode(self.certificate().getEncoded()))).build()).toString();
        core.add(client("x5c", ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, null, false, jwks));
        issued(self.asClientCertificate(), "x5c");
    }

    @Test
    void selfSignedTlsClientAuthWithAnotherKeyOrExpiredIsInvalidClient() throws Exception {
        TestCertificates.Issued registered = TestCertificates.selfSigned("CN=a", TestCertificates.ecKey(), FROM, UNTIL);
        core.add(client("self", ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH, null, false, jwksOf(registered)));
        TestCertificates.Issued other = TestCertificates.selfSigned("CN=a", TestCertificates.ecKey(), FROM, UNTIL);
        refused(mtlsRequest(other.asClientCertificate(), "grant_type", "client_credentials", "client_id", "self"),
                OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_KEY_NOT_REGISTERED");
        TestCertificates.Issued expired = TestCertificates.selfSigned("CN=a", registered.keys(),
                NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)));
        refused(mtlsRequest(expired.asClientCertificate(), "grant_type", "client_credentials", "client_id", "self"),
                OAuthErrorCode.INVALID_CLIENT, "CERTIFICATE_NOT_VALID_NOW");
    }

    @Test
    void aCertificateBesideAnotherMethodIsNoSecondMethod() throws Exception {
        // RFC 8705 §3: a client authenticating with a secret may still get certificate-bound tokens
        core.add(new RegisteredClient("basic-bound", "basic-bound", ClientSecrets.hash(SECRET),
                ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("client_credentials"), Set.of("api.read"), List.of(),
                null, null, null, true, false, null, SecurityProfile.NONE.withCertificate(
                new CertificateMetadata(null, true))));
        TokenRequest plain = request(basic("basic-bound", SECRET), "grant_type", "client_credentials");
        TokenRequest overTls = new TokenRequest(plain.parameters(), plain.authorizationHeader(), plain.requestUri(),
                plain.clientAddress(), NOW, List.of(), "POST", null, clientCertificate.asClientCertificate(), null);
        TokenOutcome.Issued issued = assertInstanceOf(TokenOutcome.Issued.class, core.endpoint.process(overTls));
        assertEquals(Map.of("x5t#S256", clientCertificate.asClientCertificate().thumbprint()), cnf(issued));
        // registered for bound tokens, asked without a certificate: no token at all
        refused(plain, OAuthErrorCode.INVALID_REQUEST, "CERTIFICATE_REQUIRED");
    }

    @Test
    void aFapi2ClientWithoutDpopGetsCertificateBoundTokens() throws Exception {
        TestCertificates.Issued self = TestCertificates.selfSigned("CN=fapi", TestCertificates.ecKey(), FROM, UNTIL);
        SecurityProfile fapi = new SecurityProfile(jwksOf(self), null, null, null, false, false, false, true, true);
        core.add(new RegisteredClient("fapi", "fapi", null, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH,
                Set.of("client_credentials"), Set.of("api.read"), List.of(), null, null, null, true, false, null, fapi));
        TokenOutcome.Issued issued = issued(self.asClientCertificate(), "fapi");
        // FAPI 2.0 Security Profile §5.3.2.1: sender-constrained, here by the certificate (RFC 8705 §3)
        assertEquals(Map.of("x5t#S256", self.asClientCertificate().thumbprint()), cnf(issued));
    }
}
