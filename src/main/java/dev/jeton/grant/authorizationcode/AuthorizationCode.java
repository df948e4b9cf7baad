package dev.jeton.grant.authorizationcode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What an authorization code stands for (RFC 6749 §4.1.2, RFC 7636 §4.4, OIDC Core §3.1.2):
 * everything the token request is checked against. Only the SHA-256 of the code is kept.
 *
 * @param codeHash      {@code TokenHashes.sha256(code)}
 * @param redirectUri   the redirect_uri of the authorization request, which the token request must repeat
 * @param codeChallenge the S256 challenge (RFC 7636 §4.2), or null when the authorization request had none
 * @param scope         the granted scope, space-separated
 * @param nonce         the OpenID nonce, or null
 * @param subject       the signed-in user's stable identifier
 * @param authTime      when the user authenticated (OIDC auth_time)
 * @param claims        the OIDC §5.5 claims request as JSON, or null
 * @param dpopJkt       the thumbprint of the DPoP key the code is bound to (RFC 9449 §10), or null
 * @param resources     the resources (RFC 8707) the authorization request named and the user approved
 * @param sid           the session the user signed in with (issue #18), or null
 */
public record AuthorizationCode(String codeHash, String clientId, String redirectUri, String codeChallenge,
                                String scope, String nonce, String subject, Instant authTime, Instant expiresAt,
                                String claims, String dpopJkt, List<String> resources, String sid) {

    /** A code of no session. */
    public AuthorizationCode(String codeHash, String clientId, String redirectUri, String codeChallenge, String scope,
                             String nonce, String subject, Instant authTime, Instant expiresAt, String claims,
                             String dpopJkt, List<String> resources) {
        this(codeHash, clientId, redirectUri, codeChallenge, scope, nonce, subject, authTime, expiresAt, claims,
                dpopJkt, resources, null);
    }

    /** A code for no particular resource. */
    public AuthorizationCode(String codeHash, String clientId, String redirectUri, String codeChallenge, String scope,
                             String nonce, String subject, Instant authTime, Instant expiresAt, String claims,
                             String dpopJkt) {
        this(codeHash, clientId, redirectUri, codeChallenge, scope, nonce, subject, authTime, expiresAt, claims,
                dpopJkt, List.of());
    }

    /** A code bound to no DPoP key. */
    public AuthorizationCode(String codeHash, String clientId, String redirectUri, String codeChallenge, String scope,
                             String nonce, String subject, Instant authTime, Instant expiresAt, String claims) {
        this(codeHash, clientId, redirectUri, codeChallenge, scope, nonce, subject, authTime, expiresAt, claims, null);
    }

    public AuthorizationCode {
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(codeHash);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(redirectUri);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(authTime);
        Objects.requireNonNull(expiresAt);
    }
}
