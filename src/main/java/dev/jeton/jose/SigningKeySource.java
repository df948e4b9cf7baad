package dev.jeton.jose;

/**
 * The signing keys as they are now. The server's source reloads the keystore and moves keys
 * through their states as time passes; a {@link SigningKeySet} is a fixed source (tests, tools).
 */
public interface SigningKeySource {

    SigningKeySet current();
}
