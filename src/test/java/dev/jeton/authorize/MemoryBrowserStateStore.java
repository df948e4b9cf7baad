package dev.jeton.authorize;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link BrowserStateStore} in memory, for unit tests of what uses it (the database one: JpaBrowserStateStoreTest). */
final class MemoryBrowserStateStore implements BrowserStateStore {

    private record Entry(Kind kind, String browser, String payload, Instant createdAt, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public void add(Kind kind, String idHash, String browserHash, String payload, Instant createdAt, Instant expiresAt) {
        entries.put(idHash, new Entry(kind, browserHash, payload, createdAt, expiresAt));
    }

    @Override
    public List<String> ids(Kind kind, String browserHash, Instant now) {
        return entries.entrySet().stream()
                .filter(e -> mine(e.getValue(), kind, browserHash) && e.getValue().expiresAt().isAfter(now))
                .sorted(Comparator.comparing((Map.Entry<String, Entry> e) -> e.getValue().createdAt())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }

    @Override
    public Optional<String> find(Kind kind, String idHash, String browserHash, Instant now) {
        Entry e = entries.get(idHash);
        return e != null && mine(e, kind, browserHash) && e.expiresAt().isAfter(now) ? Optional.of(e.payload())
                : Optional.empty();
    }

    @Override
    public boolean update(Kind kind, String idHash, String browserHash, String payload) {
        Entry e = entries.get(idHash);
        if (e == null || !mine(e, kind, browserHash)) {
            return false;
        }
        return entries.replace(idHash, e, new Entry(kind, browserHash, payload, e.createdAt(), e.expiresAt()));
    }

    @Override
    public boolean remove(Kind kind, String idHash, String browserHash) {
        Entry e = entries.get(idHash);
        return e != null && mine(e, kind, browserHash) && entries.remove(idHash, e);
    }

    @Override
    public void moveBrowser(String fromHash, String toHash) {
        entries.replaceAll((id, e) -> e.browser().equals(fromHash)
                ? new Entry(e.kind(), toHash, e.payload(), e.createdAt(), e.expiresAt()) : e);
    }

    @Override
    public void forgetBrowser(String browserHash) {
        entries.values().removeIf(e -> e.browser().equals(browserHash));
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = entries.size();
        entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        return before - entries.size();
    }

    int size() {
        return entries.size();
    }

    private static boolean mine(Entry e, Kind kind, String browser) {
        return e.kind() == kind && e.browser().equals(browser);
    }
}
