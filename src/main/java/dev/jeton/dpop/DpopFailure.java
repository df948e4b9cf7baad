package dev.jeton.dpop;

/** Why a DPoP proof was refused (RFC 9449 §4.3); the audit reason. The client sees a short description. */
public enum DpopFailure {
    PROOF_REQUIRED("A DPoP proof is required."),
    MULTIPLE_PROOFS("Send exactly one DPoP header."),
    MALFORMED("The DPoP proof is not a signed JWT."),
    WRONG_TYPE("The DPoP proof must have typ dpop+jwt."),
    ALGORITHM_NOT_ALLOWED("The DPoP proof's algorithm is not allowed."),
    NO_PUBLIC_KEY("The DPoP proof must carry a public jwk in its header."),
    PRIVATE_KEY_IN_HEADER("The DPoP proof's jwk must not contain a private key."),
    BAD_SIGNATURE("The DPoP proof's signature does not verify."),
    MISSING_CLAIMS("The DPoP proof must carry jti, htm, htu and iat."),
    METHOD_MISMATCH("The DPoP proof's htm does not match the request."),
    URI_MISMATCH("The DPoP proof's htu does not match the request."),
    IAT_OUT_OF_WINDOW("The DPoP proof's iat is too old or in the future."),
    NONCE_MISSING("A DPoP nonce is required."),
    NONCE_INVALID("The DPoP nonce is invalid or expired."),
    ACCESS_TOKEN_HASH_MISMATCH("The DPoP proof's ath does not match the access token."),
    REPLAYED("The DPoP proof was already used."),
    KEY_MISMATCH("The DPoP proof is signed with another key than the token is bound to.");

    private final String description;

    DpopFailure(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** RFC 9449 §8: a missing or stale nonce is answered with use_dpop_nonce and a fresh one. */
    public boolean nonceChallenge() {
        return this == NONCE_MISSING || this == NONCE_INVALID;
    }
}
