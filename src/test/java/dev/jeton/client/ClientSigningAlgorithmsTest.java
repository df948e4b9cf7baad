package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which algorithms a client's assertions, request objects and DPoP proofs may use. */
class ClientSigningAlgorithmsTest {

    private static final SecurityProfile FAPI = SecurityProfile.NONE.withFapi2(true);

    @Test
    void aClientWithNoProfileMayUseEveryAllowedAlgorithmOrTheOneItRegistered() {
        assertEquals(Set.copyOf(ClientSigningAlgorithms.ALLOWED), ClientSigningAlgorithms.forProfile(SecurityProfile.NONE, null));
        assertEquals(Set.of(JWSAlgorithm.RS256), ClientSigningAlgorithms.forProfile(SecurityProfile.NONE, "RS256"));
        assertEquals(Set.of(), ClientSigningAlgorithms.forProfile(SecurityProfile.NONE, "HS256"), "never HMAC");
        // RFC 8037 §3.1: discovery lists EdDSA with the others (one list: ClientSigningAlgorithms.names())
        assertTrue(ClientSigningAlgorithms.names().contains("EdDSA"));
        assertEquals(Optional.of(JWSAlgorithm.EdDSA), ClientSigningAlgorithms.parse("EdDSA"));
        assertEquals(Optional.empty(), ClientSigningAlgorithms.parse("Ed448"));
    }

    @Test
    void aFapi2ClientIsHeldToPs256Es256AndEdDsa() {
        // FAPI 2.0 Security Profile §5.4.1: "PS256, ES256, or EdDSA (using the Ed25519 variant)"
        assertEquals(Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA),
                ClientSigningAlgorithms.forProfile(FAPI, null));
        assertEquals(Set.of(JWSAlgorithm.ES256), ClientSigningAlgorithms.forProfile(FAPI, "ES256"));
        assertEquals(Set.of(JWSAlgorithm.EdDSA), ClientSigningAlgorithms.forProfile(FAPI, "EdDSA"));
        assertEquals(Set.of(), ClientSigningAlgorithms.forProfile(FAPI, "RS256"), "a registered RS256 does not survive");
        // discovery of a server held to the profile lists only these (jeton.fapi2.enabled)
        assertEquals(java.util.List.of("PS256", "ES256", "EdDSA"), ClientSigningAlgorithms.names(true));
        assertEquals(ClientSigningAlgorithms.names(), ClientSigningAlgorithms.names(false));
    }

    @Test
    void dpopProofsFollowTheNamedClient() {
        RegisteredClient fapi = AssertionFixture.client("fapi", ClientAuthMethod.PRIVATE_KEY_JWT, FAPI);
        assertEquals(ClientSigningAlgorithms.FAPI2, ClientSigningAlgorithms.forProofsOf(Optional.of(fapi)));
        assertTrue(ClientSigningAlgorithms.forProofsOf(Optional.empty()).contains(JWSAlgorithm.RS256));
    }
}
