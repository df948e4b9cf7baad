package dev.jeton.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The mutual-TLS metadata of a client (RFC 8705 §2.1.2, §3.4), checked the same way whether the
 * operator's clients file or the client's own registration declares it.
 *
 * @param tlsClientAuthName  the name a {@code tls_client_auth} client's certificate must carry; null for other methods
 * @param boundAccessTokens  {@code tls_client_certificate_bound_access_tokens}: every access token is bound to
 *                           the certificate of the request (§3)
 */
public record CertificateMetadata(TlsClientAuthName tlsClientAuthName, boolean boundAccessTokens) {

    public static final CertificateMetadata NONE = new CertificateMetadata(null, false);

    public static final String BOUND_ACCESS_TOKENS = "tls_client_certificate_bound_access_tokens";

    public static CertificateMetadata check(JsonObject o, ClientAuthMethod method) throws ClientKeyMetadata.Invalid {
        List<TlsClientAuthName.Kind> given = new ArrayList<>();
        for (TlsClientAuthName.Kind kind : TlsClientAuthName.Kind.values()) {
            JsonValue v = o.get(kind.member());
            if (v != null && v != JsonValue.NULL) {
                given.add(kind);
            }
        }
        TlsClientAuthName name = null;
        if (method == ClientAuthMethod.TLS_CLIENT_AUTH) {
            // RFC 8705 §2.1.2: "A client using the tls_client_auth authentication method MUST use exactly one"
            if (given.size() != 1) {
                throw new ClientKeyMetadata.Invalid("a tls_client_auth client registers exactly one of "
                        + "tls_client_auth_subject_dn, tls_client_auth_san_dns, tls_client_auth_san_uri, "
                        + "tls_client_auth_san_ip and tls_client_auth_san_email");
            }
            TlsClientAuthName.Kind kind = given.get(0);
            if (!(o.get(kind.member()) instanceof JsonString s)) {
                throw new ClientKeyMetadata.Invalid(kind.member() + " must be a string");
            }
            try {
                name = TlsClientAuthName.of(kind, s.getString());
            } catch (TlsClientAuthName.Malformed e) {
                throw new ClientKeyMetadata.Invalid(e.getMessage());
            }
        } else if (!given.isEmpty()) {
            throw new ClientKeyMetadata.Invalid(given.get(0).member() + " is only for token_endpoint_auth_method "
                    + "tls_client_auth");
        }
        JsonValue bound = o.get(BOUND_ACCESS_TOKENS);
        if (bound != null && bound.getValueType() != JsonValue.ValueType.TRUE
                && bound.getValueType() != JsonValue.ValueType.FALSE) {
            throw new ClientKeyMetadata.Invalid(BOUND_ACCESS_TOKENS + " must be true or false");
        }
        return new CertificateMetadata(name, bound != null && bound.getValueType() == JsonValue.ValueType.TRUE);
    }
}
