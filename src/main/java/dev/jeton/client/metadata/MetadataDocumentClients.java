package dev.jeton.client.metadata;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.client.SecurityProfile;
import dev.jeton.client.fetch.FetchRefused;
import dev.jeton.client.fetch.Fetched;
import dev.jeton.client.fetch.OutboundFetcher;
import dev.jeton.client.registration.ClientMetadata;
import dev.jeton.client.registration.ClientMetadataValidator;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Resolves a {@code client_id} that is an https URL to the client its JSON document describes
 * (draft-ietf-oauth-client-id-metadata-document §4): fetched through the {@link OutboundFetcher},
 * then held to the draft's rules - the document's {@code client_id} is the URL exactly, no shared
 * secret of any kind ({@code client_secret}, {@code client_secret_*} methods), authentication
 * {@code none} or {@code private_key_jwt} - and to the same metadata rules as a client that
 * registers itself (RFC 7591 §2, {@link ClientMetadataValidator}; unknown members ignored).
 * <p>
 * Such a client is what anyone who controls a web page can be, so it gets no more than a
 * self-registered one and less: never first-party (its user is always asked), no token exchange,
 * no {@code client_credentials} (there is no one to have agreed), PKCE always, the server's
 * default audience and lifetimes, and only the operator's registrable scopes and resources.
 * <p>
 * Documents and refusals are kept in memory per node for as long as their caching headers say,
 * within the operator's bounds ({@link CacheLifetime}); nothing is stored in the database, so a
 * node never depends on another having fetched a document. Concurrent requests for one URL share
 * one fetch.
 */
public final class MetadataDocumentClients {

    /**
     * The outcome, and whether it was decided now (a fetch, or a refusal without one: an audit event is
     * due) or the cache answered.
     */
    public record Lookup(DocumentResolution resolution, boolean fetched) {
    }

    private record Entry(DocumentResolution resolution, Instant expires) {
    }

    static final int MAX_ENTRIES = 10_000;
    /**
     * Outbound fetches under way at once, per node: a flood of distinct URLs (each one a fetch a
     * stranger asks for) cannot turn this server into a crowd of slow outbound connections.
     */
    static final int MAX_CONCURRENT_FETCHES = 16;
    private static final JsonProvider JSONP = JsonProvider.provider();

    private final MetadataDocumentSettings settings;
    private final OutboundFetcher fetcher;
    private final ClientMetadataValidator validator;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> fetching = new ConcurrentHashMap<>();
    private final Semaphore permits = new Semaphore(MAX_CONCURRENT_FETCHES);

    /**
     * @param validator the registration rules for the methods {@code none} and {@code private_key_jwt} and
     *                  the user grants ({@code authorization_code}, {@code refresh_token}, device code)
     */
    public MetadataDocumentClients(MetadataDocumentSettings settings, OutboundFetcher fetcher,
                                   ClientMetadataValidator validator, Clock clock) {
        this.settings = settings;
        this.fetcher = fetcher;
        this.validator = validator;
        this.clock = clock;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public Lookup resolve(String clientId) {
        if (!ClientIdUrl.claimsToBeDocument(clientId)) {
            return new Lookup(DocumentResolution.NOT_A_DOCUMENT, false);
        }
        Entry cached = fresh(clientId);
        if (cached != null) {
            return new Lookup(cached.resolution(), false);
        }
        // refusals decided without a fetch are remembered too, so one request is one audit event
        if (!settings.enabled()) {
            return decidedNow(clientId, refused(DocumentRefusal.Reason.NOT_ENABLED,
                    "this server does not accept client ID metadata documents"));
        }
        Optional<String> problem = ClientIdUrl.problem(clientId);
        if (problem.isPresent()) {
            return decidedNow(clientId, refused(DocumentRefusal.Reason.INVALID_CLIENT_ID_URL, problem.get()));
        }
        Object lock = fetching.computeIfAbsent(clientId, k -> new Object());
        try {
            synchronized (lock) {
                cached = fresh(clientId);
                if (cached != null) {
                    return new Lookup(cached.resolution(), false);
                }
                if (!permits.tryAcquire()) {
                    // not remembered: the URL is not at fault, and may be tried again at once
                    return new Lookup(refused(DocumentRefusal.Reason.BUSY,
                            "too many documents are being fetched; try again"), true);
                }
                Entry entry;
                try {
                    entry = fetch(clientId);
                } finally {
                    permits.release();
                }
                remember(clientId, entry);
                return new Lookup(entry.resolution(), true);
            }
        } finally {
            fetching.remove(clientId, lock);
        }
    }

    private Lookup decidedNow(String clientId, DocumentResolution.Refused refusal) {
        remember(clientId, negative(refusal, clock.instant()));
        return new Lookup(refusal, true);
    }

    /** The last refusal of this URL, even when its negative-cache time is over: for error messages only. */
    public Optional<DocumentRefusal> lastRefusal(String clientId) {
        if (!ClientIdUrl.claimsToBeDocument(clientId)) {
            return Optional.empty();
        }
        Entry entry = cache.get(clientId);
        return entry != null && entry.resolution() instanceof DocumentResolution.Refused r
                ? Optional.of(r.refusal()) : Optional.empty();
    }

    private Entry fresh(String clientId) {
        Entry entry = cache.get(clientId);
        return entry != null && clock.instant().isBefore(entry.expires()) ? entry : null;
    }

    private void remember(String clientId, Entry entry) {
        if (cache.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            cache.entrySet().removeIf(e -> !now.isBefore(e.getValue().expires()));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear(); // a flood of distinct URLs: start over rather than grow without bound
            }
        }
        cache.put(clientId, entry);
    }

    private Entry fetch(String clientId) {
        Instant now = clock.instant();
        Fetched fetched;
        try {
            fetched = fetcher.get(URI.create(clientId), new OutboundFetcher.Limits(settings.maxBytes(),
                    settings.timeout(), "application/json"));
        } catch (FetchRefused e) {
            return negative(new DocumentResolution.Refused(DocumentRefusal.of(e)), now);
        }
        DocumentResolution resolution = client(clientId, fetched.text());
        if (resolution instanceof DocumentResolution.Refused) {
            return negative(resolution, now);
        }
        Duration ttl = CacheLifetime.of(fetched::header, fetched.receivedAt(), settings.cacheMinTtl(),
                settings.cacheMaxTtl());
        return new Entry(resolution, now.plus(ttl));
    }

    private Entry negative(DocumentResolution resolution, Instant now) {
        return new Entry(resolution, now.plus(settings.negativeTtl()));
    }

    /** The client a fetched document describes, or why it describes none. */
    DocumentResolution client(String url, String text) {
        JsonObject document;
        try (JsonReader reader = JSONP.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) {
                return refused(DocumentRefusal.Reason.NOT_JSON, "the document is not a JSON object");
            }
            document = o;
        } catch (JsonException | IllegalStateException e) {
            return refused(DocumentRefusal.Reason.NOT_JSON, "the document is not valid JSON");
        }
        // draft §4.1: "the client_id property MUST match the URL of the document" (simple string comparison)
        if (!(document.get("client_id") instanceof JsonString id) || !id.getString().equals(url)) {
            return refused(DocumentRefusal.Reason.CLIENT_ID_MISMATCH,
                    "the document's client_id is not exactly the URL it was fetched from");
        }
        // draft §4.1: no shared secret - anyone can read the document
        if (document.containsKey("client_secret") || document.containsKey("client_secret_expires_at")) {
            return refused(DocumentRefusal.Reason.SHARED_SECRET, "the document holds a client_secret");
        }
        if (document.get("token_endpoint_auth_method") instanceof JsonString method
                && method.getString().startsWith("client_secret")) {
            return refused(DocumentRefusal.Reason.SHARED_SECRET,
                    "a client identified by a metadata document cannot use a shared secret ("
                            + (method.getString().length() > 40 ? "client_secret_*" : method.getString()) + ")");
        }
        if (!document.containsKey("token_endpoint_auth_method")) {
            // RFC 7591 §2 would mean client_secret_basic: a document must say none or private_key_jwt
            return refused(DocumentRefusal.Reason.INVALID_METADATA,
                    "token_endpoint_auth_method must be none or private_key_jwt");
        }
        ClientMetadataValidator.Result result = validator.validate(document);
        if (result instanceof ClientMetadataValidator.Result.Invalid invalid) {
            return refused(DocumentRefusal.Reason.INVALID_METADATA, invalid.error().description());
        }
        ClientMetadata m = ((ClientMetadataValidator.Result.Valid) result).metadata();
        if (m.authMethod() != ClientAuthMethod.NONE && m.authMethod() != ClientAuthMethod.PRIVATE_KEY_JWT) {
            return refused(DocumentRefusal.Reason.INVALID_METADATA,
                    "token_endpoint_auth_method must be none or private_key_jwt");
        }
        return new DocumentResolution.Resolved(new RegisteredClient(url, m.clientName(), null, m.authMethod(),
                m.grantTypes(), m.scopes(), m.redirectUris(), null, null, null, true, false,
                m.idTokenSigningAlgorithm(),
                // PKCE always (RFC 9700 §2.1.1), whatever the document says about require_pkce
                new SecurityProfile(m.keys().jwks(), m.keys().jwksUri(), m.keys().tokenEndpointAuthSigningAlg(),
                        null, false, false, false, true, false))
                .withResources(new ResourceAccess(m.resources(), m.resourcePrefixMatch())));
    }

    private static DocumentResolution.Refused refused(DocumentRefusal.Reason reason, String message) {
        return new DocumentResolution.Refused(new DocumentRefusal(reason, message));
    }
}
