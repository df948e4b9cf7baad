package dev.jeton.token;

import dev.jeton.config.SigningAlgorithm;

/** Signs ID tokens. */
public interface IdTokenIssuer {

    String issue(IdTokenClaims claims, SigningAlgorithm algorithm);
}
