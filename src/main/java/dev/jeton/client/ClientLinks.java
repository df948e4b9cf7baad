package dev.jeton.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client registered to present itself on the sign-in and consent pages (OIDC Registration §2,
 * RFC 7591 §2): {@code logo_uri}, {@code client_uri}, {@code policy_uri}, {@code tos_uri}. Each is an
 * absolute https URL (as {@code request_uris} are): the logo is loaded by the user's browser and the links
 * are followed by it, so neither a script URL nor plain http is ever put on our pages. The host must be a
 * plain DNS name or IP literal, so that the logo's origin can be named in the page's CSP {@code img-src}
 * exactly (never {@code *}).
 *
 * @param logoUri   {@code logo_uri}, or null
 * @param clientUri {@code client_uri}, the client's home page, or null
 * @param policyUri {@code policy_uri}, its privacy policy, or null
 * @param tosUri    {@code tos_uri}, its terms of service, or null
 */
public record ClientLinks(String logoUri, String clientUri, String policyUri, String tosUri) {

    public static final ClientLinks NONE = new ClientLinks(null, null, null, null);
    static final int MAX_LENGTH = 1000;

    public static ClientLinks orNone(ClientLinks links) {
        return links == null ? NONE : links;
    }

    /** Reads the four members from {@code o}; a value that is not an acceptable https URL is refused. */
    public static ClientLinks read(JsonObject o) throws OidcClientOptions.Invalid {
        return new ClientLinks(url(o, "logo_uri"), url(o, "client_uri"), url(o, "policy_uri"), url(o, "tos_uri"));
    }

    public boolean isEmpty() {
        return logoUri == null && clientUri == null && policyUri == null && tosUri == null;
    }

    /** The CSP source of the logo: its https origin ({@code https://host[:port]}); empty without a logo. */
    public Optional<String> logoOrigin() {
        return Optional.ofNullable(logoUri).map(ClientLinks::origin);
    }

    private static String url(JsonObject o, String name) throws OidcClientOptions.Invalid {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s) || origin(s.getString()) == null) {
            throw new OidcClientOptions.Invalid(name + " must be an absolute https URL");
        }
        return s.getString();
    }

    /** {@code https://host[:port]} of an acceptable URL, else null. */
    static String origin(String value) {
        if (value.length() > MAX_LENGTH || !OidcClientOptions.isHttpsUrl(value)) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String host = uri.getHost();
            // only characters that cannot end or extend a CSP source expression
            if (!host.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
                return null;
            }
            return "https://" + host.toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
