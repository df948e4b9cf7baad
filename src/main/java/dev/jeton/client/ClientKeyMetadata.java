package dev.jeton.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import dev.jeton.client.fetch.AddressClassifier;
import dev.jeton.client.fetch.AddressKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The key metadata of a client that signs (RFC 7591 §2 {@code jwks}, {@code jwks_uri},
 * {@code token_endpoint_auth_signing_alg}), checked the same way whether the operator's clients
 * file or a client's own registration (RFC 7591 §3) declares it: one code path for what a
 * {@code private_key_jwt} client may present as its keys.
 *
 * @param jwks                        the public JWK Set as JSON, or null
 * @param jwksUri                     where the client publishes it, or null
 * @param tokenEndpointAuthSigningAlg the only algorithm its assertions may use, or null
 */
public record ClientKeyMetadata(String jwks, URI jwksUri, String tokenEndpointAuthSigningAlg) {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    /** Metadata that cannot be honoured; the message is safe to show and to log. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Who declares the metadata: the operator is trusted with more than a client registering itself. */
    public enum DeclaredBy {
        /** The clients file: an {@code http} jwks_uri to the operator's own loopback is allowed. */
        OPERATOR,
        /**
         * Dynamic registration: {@code https} only, and never to an address literal of this machine or
         * its private networks - the server fetches that URL, so it must not become a way to make it
         * reach inside (server-side request forgery).
         */
        CLIENT
    }

    public static ClientKeyMetadata check(JsonObject o, ClientAuthMethod method, DeclaredBy by) throws Invalid {
        String jwks = null;
        JsonValue jwksValue = o.get("jwks");
        if (jwksValue != null && jwksValue.getValueType() != JsonValue.ValueType.NULL) {
            if (jwksValue.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new Invalid("jwks must be a JWK Set object");
            }
            jwks = jwksValue.toString();
            try {
                ClientJwks.parsePublic(jwks);
            } catch (ClientJwks.Refused e) {
                throw new Invalid("jwks: " + e.getMessage());
            }
        }
        URI jwksUri = jwksUri(string(o, "jwks_uri"), by);
        // RFC 7591 §2: "The jwks_uri and jwks parameters MUST NOT both be present"
        if (jwks != null && jwksUri != null) {
            throw new Invalid("give jwks or jwks_uri, not both");
        }
        // RFC 8705 §2.2.2: a self-signed certificate is recognised by the keys the client registered
        if ((method == ClientAuthMethod.PRIVATE_KEY_JWT || method == ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH)
                && jwks == null && jwksUri == null) {
            throw new Invalid("a " + method.wireValue() + " client needs jwks or jwks_uri");
        }
        String alg = string(o, "token_endpoint_auth_signing_alg");
        if (alg != null && ClientSigningAlgorithms.parse(alg).isEmpty()) {
            throw new Invalid("token_endpoint_auth_signing_alg must be one of " + ClientSigningAlgorithms.names());
        }
        return new ClientKeyMetadata(jwks, jwksUri, alg);
    }

    private static URI jwksUri(String value, DeclaredBy by) throws Invalid {
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new Invalid("jwks_uri is not a URL");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new Invalid("jwks_uri must be an https URL without user information or fragment");
        }
        boolean loopback = LOOPBACK_NAMES.contains(host);
        if (by == DeclaredBy.OPERATOR) {
            if (!("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
                throw new Invalid("jwks_uri must be an https URL (http only for localhost)");
            }
            return uri;
        }
        if (!"https".equals(uri.getScheme()) || loopback || internalAddressLiteral(host)) {
            throw new Invalid("jwks_uri must be an https URL of a public host");
        }
        return uri;
    }

    /**
     * An address literal Jeton would never fetch from by default, or a numeric host that is not a
     * plain address: judged by the same classifier as every outbound fetch ({@link AddressClassifier}).
     */
    private static boolean internalAddressLiteral(String host) {
        return AddressClassifier.looksNumeric(host) || AddressClassifier.literal(host)
                .map(a -> AddressClassifier.classify(a) != AddressKind.PUBLIC).orElse(false);
    }

    private static String string(JsonObject o, String name) throws Invalid {
        return JsonMembers.string(o, name, Invalid::new);
    }
}
