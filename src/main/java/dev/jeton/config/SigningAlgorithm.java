package dev.jeton.config;

import java.util.Arrays;
import java.util.Optional;

/** The JWS algorithms Jeton signs with (RFC 7518 §3.1). */
public enum SigningAlgorithm {
    RS256("RSA"),
    ES256("EC");

    private final String keyType;

    SigningAlgorithm(String keyType) {
        this.keyType = keyType;
    }

    /** The JCA key algorithm of the keys this algorithm signs with. */
    public String keyType() {
        return keyType;
    }

    public static Optional<SigningAlgorithm> parse(String name) {
        return Arrays.stream(values()).filter(a -> a.name().equals(name)).findFirst();
    }
}
