package dev.jeton.logout;

import java.util.Optional;

/** What the end-session endpoint does with a request ({@link EndSessionFlow}). */
public sealed interface EndSessionDecision {

    /**
     * The request is not acceptable (a hint that is not ours, an unregistered post_logout_redirect_uri, ...): an
     * error page, and the browser is NOT redirected (RP-Initiated Logout 1.0 §3: only to a registered URI).
     */
    record Refused(String message) implements EndSessionDecision {
    }

    /**
     * The request is acceptable but cannot be trusted to be the user's (no valid hint, or a hint of another
     * session): the user confirms on our page (§2: "the OP SHOULD ask the End-User whether to log out").
     */
    record Confirm(String sid, String clientId, Optional<String> redirect) implements EndSessionDecision {
    }

    /** The hint names the browser's own session: end it now, then redirect (or show the signed-out page). */
    record End(String sid, String clientId, Optional<String> redirect) implements EndSessionDecision {
    }

    /** The browser has no session to end: redirect (or show the signed-out page). */
    record NothingToEnd(Optional<String> redirect) implements EndSessionDecision {
    }
}
