package dev.jeton.grant.refresh;

import dev.jeton.token.TokenResponse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything one rotation answered, kept (sealed, see {@link SuccessorSeal}) for the grace window
 * so that a repeated request gets exactly that answer again: the same successor and the SAME access
 * and ID tokens, never freshly minted ones (RFC 9700 §4.14.2; issue #11: a race of replays minted
 * up to 8 access tokens from one rotation).
 *
 * @param accessExpiresAt  the access token's {@code exp}, so a repeat says how long it has left
 * @param dpopKey          the DPoP key the access token is bound to, or null: a repeat must present the same one
 */
record SealedRotation(String accessToken, String tokenType, Instant accessExpiresAt, String scope,
                      String refreshToken, String idToken, String jwtId, String dpopKey) {

    /** The same response, with {@code expires_in} counted from {@code now}. */
    TokenResponse response(Instant now) {
        long left = Math.max(0, Duration.between(now, accessExpiresAt).toSeconds());
        return TokenResponse.of(accessToken, tokenType, left).withScope(scope).withRefreshToken(refreshToken)
                .withIdToken(idToken);
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(accessToken);
            out.writeUTF(tokenType);
            out.writeLong(accessExpiresAt.getEpochSecond());
            writeOptional(out, scope);
            out.writeUTF(refreshToken);
            writeOptional(out, idToken);
            out.writeUTF(jwtId);
            writeOptional(out, dpopKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Empty for anything that is not what {@link #encode} wrote (only an opened seal is decoded). */
    static Optional<SealedRotation> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            SealedRotation r = new SealedRotation(in.readUTF(), in.readUTF(), Instant.ofEpochSecond(in.readLong()),
                    readOptional(in), in.readUTF(), readOptional(in), in.readUTF(), readOptional(in));
            return in.available() == 0 ? Optional.of(r) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void writeOptional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
