package dev.jeton.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A client's registration for pairwise subject identifiers (OIDC Core §8.1, OIDC Registration §2
 * {@code subject_type}, {@code sector_identifier_uri}): the sector its {@code sub} values are computed for.
 * Clients of one sector (one host, or one {@code sector_identifier_uri} listing their redirect URIs) see the same
 * {@code sub} for a user; clients of different sectors cannot correlate theirs.
 *
 * @param host                the Sector Identifier: the host of {@code sector_identifier_uri}, or else of the
 *                            registered redirect URIs (§8.1), lower case
 * @param sectorIdentifierUri the {@code sector_identifier_uri} the client registered, or null
 */
public record PairwiseSector(String host, String sectorIdentifierUri) {

    /** OIDC Registration §2 {@code subject_type} values (OIDC Core §8). */
    public static final String PUBLIC = "public";
    public static final String PAIRWISE = "pairwise";

    public PairwiseSector {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a pairwise sector needs a host");
        }
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * The client's sector from {@code subject_type} and {@code sector_identifier_uri}, or empty for a client of
     * public subject identifiers (the default, OIDC Registration §2). A {@code sector_identifier_uri} must be an
     * https URL (§2); without one, every redirect URI must be on one host (OIDC Core §8.1: "If there are multiple
     * hostnames in the registered redirect_uris, the Client MUST register a sector_identifier_uri").
     * That the document at {@code sector_identifier_uri} lists every redirect URI (OIDC Registration §5) is checked
     * where it is fetched, by dynamic registration ({@link SectorIdentifierCheck}).
     */
    public static Optional<PairwiseSector> read(JsonObject o, List<String> redirectUris)
            throws OidcClientOptions.Invalid {
        String type = string(o, "subject_type");
        String uri = string(o, "sector_identifier_uri");
        if (uri != null && !OidcClientOptions.isHttpsUrl(uri)) {
            throw new OidcClientOptions.Invalid("sector_identifier_uri must be an absolute https URL");
        }
        if (type == null || type.equals(PUBLIC)) {
            if (uri != null) {
                // OIDC Registration §2: it serves the pairwise calculation; naming it for public identifiers says the
                // client expects something this registration would silently not do
                throw new OidcClientOptions.Invalid("sector_identifier_uri goes with subject_type pairwise");
            }
            return Optional.empty();
        }
        if (!type.equals(PAIRWISE)) {
            throw new OidcClientOptions.Invalid("subject_type must be public or pairwise");
        }
        if (uri != null) {
            return Optional.of(new PairwiseSector(URI.create(uri).getHost(), uri));
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String redirect : redirectUris) {
            try {
                String host = URI.create(redirect).getHost();
                if (host != null) {
                    hosts.add(host.toLowerCase(Locale.ROOT));
                }
            } catch (IllegalArgumentException e) {
                // not a URI: the redirect URI checks refuse it
            }
        }
        if (hosts.size() != 1) {
            throw new OidcClientOptions.Invalid("a pairwise client whose redirect URIs are not on exactly one host must "
                    + "register a sector_identifier_uri (OIDC Core section 8.1)");
        }
        return Optional.of(new PairwiseSector(hosts.iterator().next(), null));
    }

    private static String string(JsonObject o, String name) throws OidcClientOptions.Invalid {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw new OidcClientOptions.Invalid(name + " must be a string");
        }
        return s.getString();
    }
}
