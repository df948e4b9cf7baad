package dev.jeton.jose;

/**
 * Where a signing key is in its life. Published (in the JWKS, accepted by our own verifier):
 * {@link #NEXT}, {@link #ACTIVE}, {@link #RETIRED}. {@link #REMOVED} keys are neither, even while
 * the keystore still holds them.
 */
public enum KeyState {
    /** Published ahead of use, so verifiers' cached JWKS already hold it when it starts signing. */
    NEXT,
    /** Signs new tokens: one per algorithm. */
    ACTIVE,
    /** No longer signs; published until every token it signed has expired. */
    RETIRED,
    /** Past its retention: not published, its tokens refused; the keystore entry may be deleted. */
    REMOVED;

    public boolean published() {
        return this != REMOVED;
    }

    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
