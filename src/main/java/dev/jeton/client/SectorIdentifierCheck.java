package dev.jeton.client;

import dev.jeton.client.fetch.FetchRefused;
import dev.jeton.client.fetch.OutboundFetcher;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OIDC Registration §5: "The value of the sector_identifier_uri MUST be a URL using the https scheme that points to
 * a JSON file containing an array of redirect_uri values. ... the OP MUST ... verify that the array contains all
 * of the redirect_uri values included in the Registration Request". Fetched at registration through the one
 * guarded {@link OutboundFetcher} (https, the operator's host lists, public addresses only unless allowed, a
 * deadline, a size limit, no redirects), like every URL a client names.
 */
public interface SectorIdentifierCheck {

    /** Why the client may not register this sector, safe to show; empty when the document lists every redirect URI. */
    Optional<String> refusal(String sectorIdentifierUri, List<String> redirectUris);

    /** A sector identifier document is a short list of URIs. */
    int MAX_BYTES = 16 * 1024;

    /** Through the guarded fetcher within {@code timeout}. */
    static SectorIdentifierCheck guarded(OutboundFetcher fetcher, Duration timeout) {
        return (uri, redirectUris) -> {
            String text;
            try {
                text = fetcher.get(URI.create(uri), new OutboundFetcher.Limits(MAX_BYTES, timeout,
                        "application/json")).text();
            } catch (FetchRefused e) {
                return Optional.of("The sector_identifier_uri could not be fetched (" + e.reason().wireName() + ").");
            } catch (IllegalArgumentException e) {
                return Optional.of("The sector_identifier_uri is not a URL.");
            }
            return missing(text, redirectUris);
        };
    }

    /** Whether the document {@code text} is a JSON array of strings holding every one of {@code redirectUris}. */
    static Optional<String> missing(String text, List<String> redirectUris) {
        Set<String> listed = new HashSet<>();
        try (JsonReader reader = JsonProvider.provider().createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonArray array)) {
                return Optional.of("The sector_identifier_uri does not hold a JSON array of redirect URIs.");
            }
            for (JsonValue item : array) {
                if (!(item instanceof JsonString s)) {
                    return Optional.of("The sector_identifier_uri does not hold a JSON array of redirect URIs.");
                }
                listed.add(s.getString());
            }
        } catch (JsonException | IllegalStateException e) {
            return Optional.of("The sector_identifier_uri does not hold a JSON array of redirect URIs.");
        }
        // compared as strings, as redirect URIs are compared (OIDC Core §3.1.2.1, simple string comparison)
        return listed.containsAll(redirectUris) ? Optional.empty()
                : Optional.of("The sector_identifier_uri does not list every redirect_uri of the registration "
                + "(OIDC Registration section 5).");
    }

    /** Fetches nothing: every sector_identifier_uri is refused (unit tests that are not about it). */
    SectorIdentifierCheck NONE = (uri, redirectUris) -> Optional.of("The sector_identifier_uri could not be fetched.");
}
