package dev.jeton.session;

/** Why a session ended; recorded with it and in the {@code session_ended} audit event. */
public enum EndReason {
    /** RP-Initiated Logout 1.0: the user signed out through a client (or our confirmation page). */
    LOGOUT,
    /** The user ended all their sessions on our sessions page ("sign out everywhere"). */
    SIGN_OUT_EVERYWHERE,
    /** An operator ended it through the admin API. */
    ADMIN,
    /**
     * It went unused for the idle lifetime or outlived the absolute one, and the expiry sweep ended it: its clients
     * are told and its tokens treated as after a logout.
     */
    EXPIRED
}
