package dev.jeton.replay;

/** What a remembered {@code jti} belonged to; each kind is its own namespace. */
public enum ReplayKind {
    /** RFC 7523 §3 (7): a client assertion's jti is single-use until its exp. */
    CLIENT_ASSERTION,
    /** RFC 9449 §11.1: a DPoP proof's jti is single-use within its acceptance window. */
    DPOP_PROOF,
    /** RFC 9101 §10.1: a signed request object that carries a jti is used once. */
    REQUEST_OBJECT
}
