package dev.jeton.grant.tokenexchange;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.client.RegisteredClient;
import dev.jeton.lifecycle.TokenVisibility;

import java.util.List;

/**
 * Which presented tokens a client may exchange (RFC 8693 §5: the server decides whom a token may
 * be exchanged by; issue 11). A token is for the client when
 * <ul>
 * <li>it is an access token of ours that the client may see at introspection, the one rule
 * {@link TokenVisibility}: it was issued to the client, or its {@code aud} names the client's id
 * or the audience the client is registered for (the resource server that received it); or its
 * {@code may_act} (§4.4) names the client;</li>
 * <li>it is an ID token of ours: {@link PresentedTokens} accepts only those whose {@code aud} names
 * the client (OIDC Core §2);</li>
 * <li>it is a JWT of a trusted external issuer: {@link TrustedIssuers} accepts only those whose
 * {@code aud} names Jeton, so its issuer addressed it to this exchange.</li>
 * </ul>
 * Anyone else holding such a token (a client that stole it, or a dynamically registered client) is
 * not entitled to trade it for a token of its own.
 */
final class Entitlement {

    private Entitlement() {
    }

    static boolean entitled(RegisteredClient client, PresentedTokens.Verified token, String ourIssuer) {
        JWTClaimsSet claims = token.claims();
        return switch (token.kind()) {
            case ID_TOKEN, EXTERNAL_JWT -> true;
            case ACCESS_TOKEN -> TokenVisibility.maySee(client, clientIdOf(claims), audienceOf(claims))
                    || ActClaims.mayActNames(claims, client.clientId(), ourIssuer);
        };
    }

    private static String clientIdOf(JWTClaimsSet claims) {
        return claims.getClaim("client_id") instanceof String id ? id : null;
    }

    private static List<String> audienceOf(JWTClaimsSet claims) {
        return claims.getAudience() == null ? List.of() : claims.getAudience();
    }
}
