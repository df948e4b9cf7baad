package dev.jeton.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.jeton.error.OAuthError;
import dev.jeton.request.FormEncoding;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code client_secret_basic}: HTTP Basic (RFC 7617) where the client id and secret are first
 * form-encoded (RFC 6749 §2.3.1, Appendix B), so they are form-decoded after the Base64.
 */
@ApplicationScoped
public class ClientSecretBasicAuthenticator implements ClientAuthenticator {

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.CLIENT_SECRET_BASIC;
    }

    @Override
    public Presentation presentation(ClientAuthRequest request) {
        if (request.authorization().isEmpty()) {
            return Presentation.ABSENT;
        }
        String header = request.authorization().get().strip();
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic")) {
            return malformed("The token endpoint accepts only the Basic authorization scheme.");
        }
        String encoded = space < 0 ? "" : header.substring(space + 1).strip();
        String decoded;
        try {
            byte[] raw = Base64.getDecoder().decode(encoded);
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return malformed("The Basic credentials are not valid Base64 of UTF-8 text.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return malformed("The Basic credentials must be client_id:client_secret.");
        }
        try {
            String clientId = FormEncoding.decode(decoded.substring(0, colon));
            String secret = FormEncoding.decode(decoded.substring(colon + 1));
            if (clientId.isEmpty()) {
                return malformed("The Basic credentials must name a client_id.");
            }
            return new Presentation.Presented(method(), clientId, secret);
        } catch (FormEncoding.MalformedFormException e) {
            return malformed("The Basic credentials are not form-encoded (RFC 6749 section 2.3.1).");
        }
    }

    @Override
    public boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request) {
        return ClientSecrets.matches(presented.credential(), client.secretHash());
    }

    private static Presentation malformed(String description) {
        return new Presentation.Malformed(OAuthError.invalidClient(description), AuthFailure.MALFORMED_CREDENTIALS);
    }
}
