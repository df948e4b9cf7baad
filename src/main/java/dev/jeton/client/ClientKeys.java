package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import dev.jeton.client.fetch.OutboundFetcher;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A client's public keys and the signature check of JWTs it signed (client assertions, request
 * objects). Keys come from the registration ({@code jwks}) or from the client's {@code jwks_uri},
 * fetched with a timeout and cached; a {@code kid} the cache does not know triggers one refetch
 * (the client rotated its keys), at most once per configured interval.
 */
@ApplicationScoped
public class ClientKeys {

    private static final Logger LOG = Logger.getLogger(ClientKeys.class.getName());

    /** The outcome of a signature check. */
    public enum Check { OK, ALGORITHM_NOT_ALLOWED, NO_CLIENT_KEYS, NO_MATCHING_KEY, BAD_SIGNATURE }

    private record Cached(JWKSet keys, Instant fetchedAt) {
    }

    private final JwksFetcher fetcher;
    private final ClientKeySettings settings;
    private final Clock clock;
    private final ConcurrentMap<URI, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<URI, Instant> lastFetch = new ConcurrentHashMap<>();

    @Inject
    public ClientKeys(OutboundFetcher outbound, ClientKeySettings settings, Clock clock) {
        this(new GuardedJwksFetcher(outbound), settings, clock);
    }

    public ClientKeys(JwksFetcher fetcher, ClientKeySettings settings, Clock clock) {
        this.fetcher = fetcher;
        this.settings = settings;
        this.clock = clock;
    }

    /** For CDI's client proxy only. */
    protected ClientKeys() {
        this.fetcher = null;
        this.settings = null;
        this.clock = null;
    }

    /**
     * Verifies {@code jwt}'s signature with one of the client's keys.
     *
     * @param allowed the algorithms acceptable here (a subset of {@link ClientSigningAlgorithms#ALLOWED})
     */
    public Check verify(SignedJWT jwt, RegisteredClient client, Set<JWSAlgorithm> allowed) {
        JWSHeader header = jwt.getHeader();
        if (!ClientSigningAlgorithms.allowed(header.getAlgorithm()) || !allowed.contains(header.getAlgorithm())) {
            return Check.ALGORITHM_NOT_ALLOWED;
        }
        Optional<JWKSet> keys = keys(client, false);
        if (keys.isEmpty()) {
            return Check.NO_CLIENT_KEYS;
        }
        List<JWK> candidates = candidates(keys.get(), header);
        if (candidates.isEmpty() && client.security().jwksUri() != null) {
            keys = keys(client, true);
            candidates = keys.map(k -> candidates(k, header)).orElse(List.of());
        }
        if (candidates.isEmpty()) {
            return Check.NO_MATCHING_KEY;
        }
        for (JWK key : candidates) {
            // a key that does not fit the algorithm (e.g. a P-384 key for ES256) verifies nothing: try the next one
            if (ClientSignatures.verifies(jwt, key)) {
                return Check.OK;
            }
        }
        return Check.BAD_SIGNATURE;
    }

    /**
     * RFC 8705 §2.2: whether the certificate's public key is one of the client's registered keys - the
     * key itself, or the leaf of a key's {@code x5c} (RFC 7517 §4.7). A key the cached set does not hold
     * triggers one refetch of a {@code jwks_uri}, as an unknown {@code kid} does.
     */
    public Check holdsKey(RegisteredClient client, java.security.cert.X509Certificate certificate) {
        Optional<JWKSet> keys = keys(client, false);
        if (keys.isEmpty()) {
            return Check.NO_CLIENT_KEYS;
        }
        if (holds(keys.get(), certificate)) {
            return Check.OK;
        }
        if (client.security().jwksUri() != null) {
            keys = keys(client, true);
            if (keys.isPresent() && holds(keys.get(), certificate)) {
                return Check.OK;
            }
        }
        return Check.NO_MATCHING_KEY;
    }

    private static boolean holds(JWKSet keys, java.security.cert.X509Certificate certificate) {
        java.security.PublicKey presented = certificate.getPublicKey();
        for (JWK key : keys.getKeys()) {
            if (!(key instanceof AsymmetricJWK) || key.isPrivate()) {
                continue;
            }
            if (ClientSignatures.samePublicKey(key, presented)) {
                return true;
            }
            List<java.security.cert.X509Certificate> chain = key.getParsedX509CertChain();
            if (chain != null && !chain.isEmpty() && chain.get(0).equals(certificate)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7515 §4.1.4, RFC 7517 §4: keys of the algorithm's type, with the header's kid, meant for signing. */
    private static List<JWK> candidates(JWKSet keys, JWSHeader header) {
        return new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys).stream()
                .filter(k -> k instanceof AsymmetricJWK && !k.isPrivate()).toList();
    }

    /**
     * The client's JWK Set: inline from the registration, or from its jwks_uri (cached;
     * {@code refresh} asks for a refetch, which happens at most once per min-refresh interval).
     */
    Optional<JWKSet> keys(RegisteredClient client, boolean refresh) {
        SecurityProfile security = client.security();
        if (security.jwks() != null) {
            try {
                return Optional.of(ClientJwks.parsePublic(security.jwks()));
            } catch (ClientJwks.Refused e) {
                LOG.warning("client " + client.clientId() + " has an unusable jwks: " + e.getMessage());
                return Optional.empty();
            }
        }
        URI uri = security.jwksUri();
        if (uri == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Cached cached = cache.get(uri);
        boolean fresh = cached != null && now.isBefore(cached.fetchedAt().plus(settings.jwksCacheTtl()));
        if (fresh && !refresh) {
            return Optional.of(cached.keys());
        }
        Instant last = lastFetch.get(uri);
        if (cached != null && last != null && now.isBefore(last.plus(settings.jwksMinRefreshInterval()))) {
            return Optional.of(cached.keys());
        }
        lastFetch.put(uri, now);
        try {
            JWKSet fetched = ClientJwks.parsePublic(fetcher.fetch(uri, settings.jwksFetchTimeout()));
            cache.put(uri, new Cached(fetched, now));
            return Optional.of(fetched);
        } catch (IOException | ClientJwks.Refused e) {
            LOG.log(Level.WARNING, "could not use the jwks_uri of client " + client.clientId() + ": " + e.getMessage());
            // keys fetched before still verify what they verified before
            return Optional.ofNullable(cached).map(Cached::keys);
        }
    }
}
