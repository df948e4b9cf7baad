package dev.jeton.throttle;

import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source addresses a client has recently proved its secret from. A correct secret from one of
 * them is never refused by the throttle: what others do elsewhere cannot lock a client out of its
 * usual places (issue #11). Only a correct credential makes an address known, so a guesser cannot
 * make its own address one.
 * <p>
 * Kept in the {@link ThrottleStore} (so a source one node learnt is known to every node), with a
 * copy in this node's memory: a client calling again from a source this node wrote costs no
 * statement. The node writes the source again at most every {@link #REFRESH}, which keeps it
 * known for the cluster while the client keeps calling. The copy holds at most
 * {@code maxTrackedKeys} entries (when full, expired ones make room, and otherwise the store is asked).
 */
@ApplicationScoped
public class KnownSources {

    /** How often a node writes a source it keeps seeing back to the store. */
    static final Duration REFRESH = Duration.ofHours(1);

    private final ThrottleSettings settings;
    private final ThrottleStore store;
    /** Source hash to when this node last wrote it to the store. */
    private final Map<String, Instant> writtenHere = new ConcurrentHashMap<>();

    @Inject
    public KnownSources(ThrottleSettings settings, ThrottleStore store) {
        this.settings = settings;
        this.store = store;
    }

    /** For CDI's client proxy only. */
    protected KnownSources() {
        this.settings = null;
        this.store = null;
    }

    /** True when the client proved its secret from {@code address} within the known-source lifetime, on any node. */
    public boolean isKnown(String clientId, String address, Instant now) {
        String hash = hash(clientId, address);
        Instant written = writtenHere.get(hash);
        if (written != null && written.plus(settings.knownSourceLifetime()).isAfter(now)) {
            return true;
        }
        return store.lastSuccess(hash, now).isPresent();
    }

    /**
     * A correct secret from {@code address}: remembers it. True when this call wrote the store (the
     * first success here, or the first after {@link #REFRESH}); false when this node wrote it lately.
     */
    public boolean remember(String clientId, String address, Instant now) {
        String hash = hash(clientId, address);
        Instant written = writtenHere.get(hash);
        if (written != null && written.plus(REFRESH).isAfter(now) && !written.isAfter(now)) {
            return false;
        }
        store.rememberSuccess(hash, now, now.plus(settings.knownSourceLifetime()));
        if (written == null && writtenHere.size() >= settings.maxTrackedKeys()) {
            writtenHere.values().removeIf(last -> !last.plus(REFRESH).isAfter(now));
            if (writtenHere.size() >= settings.maxTrackedKeys()) {
                return true;
            }
        }
        writtenHere.put(hash, now);
        return true;
    }

    /** How many this node keeps in memory now (for tests of the memory bound). */
    int size() {
        return writtenHere.size();
    }

    private static String hash(String clientId, String address) {
        return TokenHashes.sha256("known-source\n" + ThrottleKey.clientAt(clientId, address).value());
    }
}
