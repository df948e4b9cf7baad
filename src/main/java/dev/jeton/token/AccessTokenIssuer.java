package dev.jeton.token;

/** Turns access token claims into the signed token string. */
public interface AccessTokenIssuer {

    String issue(AccessTokenClaims claims);
}
