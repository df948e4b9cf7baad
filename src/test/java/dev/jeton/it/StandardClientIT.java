package dev.jeton.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jeton as a client developer meets it: discovery, the token request and the token check all done
 * by a standard OAuth library (Nimbus OAuth 2.0 SDK), with nothing hand-made on the client side.
 */
@ExtendWith(ArquillianExtension.class)
class StandardClientIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    private static AuthorizationServerMetadata discover() throws Exception {
        return AuthorizationServerMetadata.resolve(new Issuer(Http.base().toString()));
    }

    @Test
    void theLibraryResolvesTheMetadataAndItsIssuerMatches() throws Exception {
        AuthorizationServerMetadata metadata = discover();
        assertEquals(Http.base().toString(), metadata.getIssuer().getValue());
        assertEquals(Http.at("/oauth/token"), metadata.getTokenEndpointURI());
        assertEquals(Http.at("/oauth/jwks"), metadata.getJWKSetURI());
    }

    @Test
    void theLibraryResolvesItAsAnOpenIdProvider() throws Exception {
        // OpenID Connect Discovery §4: the library insists on every required member
        var provider = com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata.resolve(
                new Issuer(Http.base().toString()));
        assertEquals(Http.at("/oauth/authorize"), provider.getAuthorizationEndpointURI());
        assertEquals(Http.at("/oauth/userinfo"), provider.getUserInfoEndpointURI());
        assertTrue(provider.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256));
    }

    @Test
    void clientSecretBasicThroughTheLibraryGivesATokenThatVerifiesWithTheJwks() throws Exception {
        AuthorizationServerMetadata metadata = discover();
        TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(TokenEndpointIT.BASIC_ID), new Secret(TokenEndpointIT.BASIC_SECRET)),
                new ClientCredentialsGrant(), new Scope("api.read", "api.write"));

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        AccessTokenResponse success = response.toSuccessResponse();
        BearerAccessToken token = assertInstanceOf(BearerAccessToken.class, success.getTokens().getAccessToken());
        assertEquals(Set.of("api.read", "api.write"), Set.copyOf(token.getScope().toStringList()));
        assertEquals(600, token.getLifetime());

        // the resource-server side, as in RFC 9068 §4: JWKS from discovery, typ at+jwt, signature
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(
                new com.nimbusds.jose.JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                JWKSourceBuilder.create(new URL(metadata.getJWKSetURI().toString())).build()));
        JWTClaimsSet claims = processor.process(token.getValue(), null);
        assertEquals(Http.base().toString(), claims.getIssuer());
        assertEquals(TokenEndpointIT.BASIC_ID, claims.getStringClaim("client_id"));
        assertEquals(List.of(Http.base().toString()), claims.getAudience());
    }

    @Test
    void clientSecretPostThroughTheLibrary() throws Exception {
        TokenRequest request = new TokenRequest(discover().getTokenEndpointURI(),
                new ClientSecretPost(new ClientID(TokenEndpointIT.POST_ID), new Secret(TokenEndpointIT.POST_SECRET)),
                new ClientCredentialsGrant(), null);
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        assertTrue(response.indicatesSuccess());
    }

    @Test
    void theLibraryReadsOurErrorsAsRfc6749Errors() throws Exception {
        TokenRequest request = new TokenRequest(discover().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(TokenEndpointIT.BASIC_ID), new Secret("not-the-secret")),
                new ClientCredentialsGrant(), null);
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertFalse(response.indicatesSuccess());
        TokenErrorResponse error = response.toErrorResponse();
        assertEquals("invalid_client", error.getErrorObject().getCode());
        assertEquals(401, error.getErrorObject().getHTTPStatusCode());
    }
}
