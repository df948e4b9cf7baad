package dev.jeton.audit;

/** The closed set of audit event names; consumers can switch on them. */
public enum AuditEventName {
    /** A token endpoint request that ended in a §5.1 response. */
    TOKEN_ISSUED("token_issued"),
    /** A token endpoint request that ended in a §5.2 error. */
    TOKEN_DENIED("token_denied"),
    /** A spent authorization code came back: the tokens issued from it are revoked (RFC 9700 §4.14.2). */
    CODE_REUSE_DETECTED("code_reuse_detected"),
    /** A refresh token was exchanged for its successor. */
    REFRESH_ROTATED("refresh_rotated"),
    /** A spent refresh token came back outside the grace window: its family is revoked. */
    REFRESH_REUSE_DETECTED("refresh_reuse_detected"),
    /** A pushed authorization request was stored (RFC 9126 §2.2). */
    PAR_ACCEPTED("par_accepted"),
    /** A pushed authorization request was refused (RFC 9126 §2.3); the reason says which check failed. */
    PAR_DENIED("par_denied"),
    /** The authorization endpoint refused a request_uri or a request object (RFC 9126 §4, RFC 9101 §6). */
    AUTHORIZATION_REQUEST_REFUSED("authorization_request_refused"),
    /** A revocation request (RFC 7009): {@code reason} names the kind revoked, or why nothing was. */
    TOKEN_REVOKED("token_revoked"),
    /** An introspection request whose caller failed to authenticate (RFC 7662 §2.1). */
    INTROSPECTION_DENIED("introspection_denied"),
    /** A client registered itself (RFC 7591). */
    CLIENT_REGISTERED("client_registered"),
    /** A dynamically registered client changed its metadata (RFC 7592 §2.2). */
    CLIENT_UPDATED("client_updated"),
    /** A dynamically registered client deleted itself (RFC 7592 §2.3); its token families are revoked. */
    CLIENT_DELETED("client_deleted"),
    /**
     * An operator disabled a client through the admin API ({@code subject}: the admin caller); the client is refused
     * from the next request on every node, and nothing it holds is revoked.
     */
    CLIENT_DISABLED("client_disabled"),
    /** An operator enabled a client again through the admin API ({@code subject}: the admin caller). */
    CLIENT_ENABLED("client_enabled"),
    /** A registration or management request was refused. */
    REGISTRATION_DENIED("registration_denied"),
    /** A client id or source address reached its limit of failed client authentications (once per lockout). */
    CLIENT_AUTHENTICATION_THROTTLED("client_authentication_throttled"),
    /** A user sign-in failed (wrong username or password); the username is not recorded. */
    USER_SIGN_IN_FAILED("user_sign_in_failed"),
    /** A sign-in attempt refused because the username or the source address is throttled. */
    USER_SIGN_IN_THROTTLED("user_sign_in_throttled"),
    /** A device obtained a device code and user code (RFC 8628 §3.2). */
    DEVICE_AUTHORIZATION_REQUESTED("device_authorization_requested"),
    /** A device authorization request was refused (bad client, grant not registered, bad scope). */
    DEVICE_AUTHORIZATION_REFUSED("device_authorization_refused"),
    /** The user approved a device on the activation page. */
    DEVICE_APPROVED("device_approved"),
    /** The user denied a device on the activation page. */
    DEVICE_DENIED("device_denied"),
    /** Someone entered a user code that matches no pending device (RFC 8628 §5.1: brute force). */
    DEVICE_USER_CODE_REJECTED("device_user_code_rejected"),
    /** A device code was redeemed for tokens (RFC 8628 §3.5). */
    DEVICE_TOKENS_ISSUED("device_tokens_issued"),
    /** A token exchange issued a token (RFC 8693 §2.2.1). */
    TOKEN_EXCHANGED("token_exchanged"),
    /** A token exchange was refused (RFC 8693 §2.2.2). */
    TOKEN_EXCHANGE_REFUSED("token_exchange_refused"),
    /** A client ID metadata document was fetched and accepted (draft-ietf-oauth-client-id-metadata-document). */
    CLIENT_METADATA_DOCUMENT_FETCHED("client_metadata_document_fetched"),
    /** A client ID metadata document was not fetched or not accepted; the reason says which check failed. */
    CLIENT_METADATA_DOCUMENT_REFUSED("client_metadata_document_refused"),
    /**
     * A request carried the client-certificate header of a TLS-terminating proxy (RFC 8705 §2) that
     * was not believed: from a peer that is not a trusted proxy, or unreadable. Never with its value.
     */
    CLIENT_CERTIFICATE_HEADER_IGNORED("client_certificate_header_ignored"),
    /** The user signed out (RP-Initiated Logout 1.0, or "sign out everywhere" on our sessions page). */
    USER_SIGNED_OUT("user_signed_out"),
    /** A session ended; {@code reason} says how (logout, sign_out_everywhere, admin), {@code client_id} by which client. */
    SESSION_ENDED("session_ended"),
    /** A logout token reached a client's back-channel logout URI (Back-Channel Logout 1.0 §2.8). */
    BACKCHANNEL_LOGOUT_DELIVERED("backchannel_logout_delivered"),
    /** A logout token could not be delivered and is given up (last attempt failed, or the URI is not allowed). */
    BACKCHANNEL_LOGOUT_FAILED("backchannel_logout_failed"),
    /** An operator rotated the signing keys through the admin API ({@code reason} lists the algorithms). */
    KEY_ROTATED("key_rotated"),
    /** A key rotation through the admin API failed (a keystore the server may not write, say). */
    KEY_ROTATION_FAILED("key_rotation_failed");

    private final String wireValue;

    AuditEventName(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }
}
