package dev.jeton.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of an ID token (OIDC Core §2, §3.1.3.6).
 *
 * @param accessToken the access token issued with it, for at_hash; null when none
 * @param nonce       the authorization request's nonce, or null
 * @param amr         authentication methods (RFC 8176), e.g. ["pwd"]
 * @param acr         the authentication context class the sign-in satisfied (OIDC Core §2), or null
 * @param extra       claims requested for the ID token by the claims parameter (OIDC §5.5)
 */
public record IdTokenClaims(String issuer, String subject, String clientId, Instant issuedAt, Instant expiresAt,
                            Instant authTime, String nonce, String accessToken, List<String> amr, String acr,
                            Map<String, Object> extra) {

    public IdTokenClaims {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(issuedAt);
        Objects.requireNonNull(expiresAt);
        amr = amr == null ? List.of() : List.copyOf(amr);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
