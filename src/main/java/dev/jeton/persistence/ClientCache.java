package dev.jeton.persistence;

import dev.jeton.client.RegisteredClient;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's clients as last read, each with the {@code row_version} it was read at. Never
 * trusted on its own: {@link JpaClientStore#find} reads the row's version first.
 */
final class ClientCache {

    /** More clients than this and the cache starts over: memory stays bounded whatever ids are asked for. */
    static final int MAX_ENTRIES = 100_000;

    private record Entry(long version, RegisteredClient client) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    Optional<RegisteredClient> get(String clientId, long version) {
        Entry entry = entries.get(clientId);
        return entry != null && entry.version() == version ? Optional.of(entry.client()) : Optional.empty();
    }

    void put(String clientId, long version, RegisteredClient client) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(clientId, new Entry(version, client));
    }

    void forget(String clientId) {
        entries.remove(clientId);
    }

    int size() {
        return entries.size();
    }
}
