package dev.jeton.throttle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source addresses a client has recently proved its secret from. A correct secret from one of
 * them is never refused by the throttle: what others do elsewhere cannot lock a client out of its
 * usual places (issue #11). Only a correct credential makes an address known, so a guesser cannot
 * make its own address one.
 * <p>
 * In memory, per node, like the failure counts; at most {@code maxTrackedKeys} entries (when full,
 * expired ones make room, and otherwise a new source is not remembered: its client is then treated
 * like any other caller from that address, which still works while that address is not guessing).
 */
@ApplicationScoped
public class KnownSources {

    private final ThrottleSettings settings;
    private final Map<ThrottleKey, Instant> lastSuccess = new ConcurrentHashMap<>();

    @Inject
    public KnownSources(ThrottleSettings settings) {
        this.settings = settings;
    }

    /** For CDI's client proxy only. */
    protected KnownSources() {
        this.settings = null;
    }

    public boolean isKnown(String clientId, String address, Instant now) {
        Instant last = lastSuccess.get(ThrottleKey.clientAt(clientId, address));
        return last != null && last.plus(settings.knownSourceLifetime()).isAfter(now);
    }

    public void remember(String clientId, String address, Instant now) {
        ThrottleKey key = ThrottleKey.clientAt(clientId, address);
        if (!lastSuccess.containsKey(key) && lastSuccess.size() >= settings.maxTrackedKeys()) {
            lastSuccess.values().removeIf(last -> !last.plus(settings.knownSourceLifetime()).isAfter(now));
            if (lastSuccess.size() >= settings.maxTrackedKeys()) {
                return;
            }
        }
        lastSuccess.put(key, now);
    }

    /** How many are remembered now (for tests of the memory bound). */
    int size() {
        return lastSuccess.size();
    }
}
