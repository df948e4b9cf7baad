package dev.jeton.audit;

/** The closed set of audit event names; consumers can switch on them. */
public enum AuditEventName {
    /** A token endpoint request that ended in a §5.1 response. */
    TOKEN_ISSUED("token_issued"),
    /** A token endpoint request that ended in a §5.2 error. */
    TOKEN_DENIED("token_denied");

    private final String wireValue;

    AuditEventName(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }
}
