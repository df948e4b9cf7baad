package dev.jeton.metrics;

import dev.jeton.vocabulary.GrantType;

import java.util.Locale;

/**
 * Label values from request input, bounded: a metrics series per value a client sends would let
 * any client grow the server's memory and the scrape without limit. Known values keep their wire
 * form (as in the audit events); everything else shares one label.
 */
final class MetricLabels {

    /** The {@code grant} label of a token request that named no grant type. */
    static final String NO_GRANT = "none";
    /** The {@code grant} label of a grant type Jeton does not know. */
    static final String UNKNOWN_GRANT = "unsupported";
    /** A throttle limit name Jeton did not expect. */
    static final String OTHER = "other";

    private static final GrantType[] GRANTS = GrantType.values();
    /** Index {@code GRANTS.length}: unknown; {@code GRANTS.length + 1}: none. */
    static final int GRANT_LABELS = GRANTS.length + 2;

    private MetricLabels() {
    }

    /** The label slot of a grant_type value: cheap (a few string compares, no allocation). */
    static int grantIndex(String grantType) {
        if (grantType == null) {
            return GRANTS.length + 1;
        }
        for (int i = 0; i < GRANTS.length; i++) {
            if (GRANTS[i].wireValue().equals(grantType)) {
                return i;
            }
        }
        return GRANTS.length;
    }

    static String grantLabel(int index) {
        if (index < GRANTS.length) {
            return GRANTS[index].wireValue();
        }
        return index == GRANTS.length ? UNKNOWN_GRANT : NO_GRANT;
    }

    /**
     * The throttle limit of an audit event's reason ({@code CLIENT_ADDRESS_LIMIT} →
     * {@code client_address}); {@code OTHER} for anything unexpected.
     */
    static String limit(String reason) {
        if (reason == null || !reason.endsWith("_LIMIT")) {
            return OTHER;
        }
        return switch (reason) {
            case "CLIENT_LIMIT", "CLIENT_ADDRESS_LIMIT", "ADDRESS_LIMIT", "USER_LIMIT", "SESSION_LIMIT" ->
                    reason.substring(0, reason.length() - "_LIMIT".length()).toLowerCase(Locale.ROOT);
            default -> OTHER;
        };
    }
}
