package dev.jeton.grant.clientcredentials;

import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.config.ResourceSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.GrantResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** RFC 8707 §2 with RFC 6749 §4.4: no grant to stay within, so the client's and the server's lists decide. */
class ClientCredentialsResourceTest {

    private static final String MCP = "https://mcp.example.com/";

    private CoreFixture core;
    private ClientCredentialsGrantHandler handler;
    private final RegisteredClient service = new RegisteredClient("service", null,
            ClientSecrets.hash(ClientSecrets.generate()), ClientAuthMethod.CLIENT_SECRET_BASIC,
            Set.of("client_credentials"), Set.of("api.read"), List.of(), null, null, null, true)
            .withResources(new ResourceAccess(List.of(MCP, "https://api.example.com/v1"), true));

    @BeforeEach
    void setUp() throws Exception {
        core = new CoreFixture(Map.of());
        Map<String, String> props = Map.of(ResourceSettings.ALLOWED, MCP + " https://api.example.com/",
                "jeton.resources.\"" + MCP + "\".access-token-ttl-seconds", "30");
        handler = new ClientCredentialsGrantHandler(core.settings, new JwtAccessTokenIssuer(core.keys),
                ResourceSettings.from(name -> Optional.ofNullable(props.get(name)), props.keySet(),
                        SigningAlgorithm.RS256));
    }

    private GrantResult ask(String... pairs) {
        return handler.handle(CoreFixture.request(null, pairs), service);
    }

    @Test
    void theTokenIsForTheResourceAskedAndLivesAsLongAsItsSettingSays() throws Exception {
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class,
                ask("grant_type", "client_credentials", "resource", MCP));
        assertEquals(List.of(MCP), SignedJWT.parse(granted.response().accessToken()).getJWTClaimsSet().getAudience());
        assertEquals(30, granted.response().expiresIn());
    }

    @Test
    void severalResourcesGiveOneTokenForAllOfThem() throws Exception {
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, ask("grant_type",
                "client_credentials", "resource", MCP, "resource", "https://api.example.com/v1/orders"));
        assertEquals(List.of(MCP, "https://api.example.com/v1/orders"),
                SignedJWT.parse(granted.response().accessToken()).getJWTClaimsSet().getAudience());
    }

    @Test
    void aResourceNotRegisteredOrMalformedIsInvalidTarget() {
        for (String bad : List.of("https://other.example.com/", "https://api.example.com/v2", "#frag", "x")) {
            GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class,
                    ask("grant_type", "client_credentials", "resource", bad));
            assertEquals(OAuthErrorCode.INVALID_TARGET, refused.error().code(), bad);
        }
    }
}
