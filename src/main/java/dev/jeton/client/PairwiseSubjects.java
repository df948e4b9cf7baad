package dev.jeton.client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code sub} a client is told for a user (OIDC Core §8): the local subject for a client of public
 * identifiers, a pairwise one for a client that registered {@code subject_type} {@code pairwise} (§8.1). The
 * pairwise value is HMAC-SHA256, under a server secret, of the sector's host and the local subject, base64url:
 * the same for every client of one sector, unrelated across sectors, not reversible without the secret, and
 * stable as long as the secret is (§8.1 suggests a salted hash of the same inputs; a keyed hash is that, with a
 * key that cannot be guessed from one sector's values). 43 ASCII characters, within §2's 255.
 * <p>
 * Every place that tells a client or a resource server whom a token is about goes through {@link #subjectFor}:
 * the ID token and the access token (so userinfo and introspection, which answer with the access token's
 * {@code sub}, agree with them), the logout token, and the match of an {@code id_token_hint}. Jeton itself keeps
 * the local subject in its grant state (token families, sessions, audit).
 */
public final class PairwiseSubjects {

    private final Supplier<byte[]> secret;
    private volatile SecretKeySpec key;

    /** @param secret the key (at least 256 bits), asked once, when the first pairwise value is computed */
    public PairwiseSubjects(Supplier<byte[]> secret) {
        this.secret = Objects.requireNonNull(secret);
    }

    /** The {@code sub} of {@code localSubject} as {@code client} is to see it. */
    public String subjectFor(RegisteredClient client, String localSubject) {
        PairwiseSector sector = client == null ? null : client.oidc().pairwise();
        if (sector == null || localSubject == null) {
            return localSubject;
        }
        return pairwise(sector.host(), localSubject);
    }

    /** §8.1: the pairwise identifier of {@code localSubject} in the sector {@code sectorHost}. */
    public String pairwise(String sectorHost, String localSubject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            // the host cannot hold a NUL, so no two (host, subject) pairs give the same input
            mac.update(sectorHost.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(localSubject.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            byte[] bytes = secret.get();
            if (bytes == null || bytes.length < 32) {
                throw new IllegalStateException("the pairwise subject secret must have at least 256 bits");
            }
            k = new SecretKeySpec(bytes, "HmacSHA256");
            key = k;
        }
        return k;
    }
}
