package dev.jeton.vocabulary;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The grant types whose wire values Jeton knows. Knowing a value does not mean it is served:
 * only a grant with a registered {@link GrantHandler} is (see {@link GrantHandlers}).
 */
public enum GrantType {
    // RFC 8707 §2: resource may be given more than once, at the token endpoint of every grant
    AUTHORIZATION_CODE("authorization_code", Set.of("resource"), false),
    REFRESH_TOKEN("refresh_token", Set.of("resource"), false),
    CLIENT_CREDENTIALS("client_credentials", Set.of("resource"), true),
    // RFC 8693 §2.1: resource and audience may be given more than once
    TOKEN_EXCHANGE("urn:ietf:params:oauth:grant-type:token-exchange", Set.of("resource", "audience"), true),
    DEVICE_CODE("urn:ietf:params:oauth:grant-type:device_code", Set.of("resource"), false);

    private final String wireValue;
    private final Set<String> repeatableParameters;
    private final boolean confidentialClientRequired;

    GrantType(String wireValue, Set<String> repeatableParameters, boolean confidentialClientRequired) {
        this.wireValue = wireValue;
        this.repeatableParameters = repeatableParameters;
        this.confidentialClientRequired = confidentialClientRequired;
    }

    public String wireValue() {
        return wireValue;
    }

    /** Parameters this grant allows to appear more than once; every other one must not repeat. */
    public Set<String> repeatableParameters() {
        return repeatableParameters;
    }

    /** RFC 6749 §4.4: client_credentials "MUST only be used by confidential clients". */
    public boolean confidentialClientRequired() {
        return confidentialClientRequired;
    }

    public static Optional<GrantType> fromWire(String value) {
        return Arrays.stream(values()).filter(g -> g.wireValue.equals(value)).findFirst();
    }
}
