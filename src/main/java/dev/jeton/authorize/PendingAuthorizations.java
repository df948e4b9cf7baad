package dev.jeton.authorize;

import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pending authorization requests, and the device activations waiting for a sign-in, of each
 * browser, kept in the {@link BrowserStateStore} every node shares (issue #19: a sign-in started on
 * one node completes on another). A browser is named by the hash of its cookie value. An entry
 * expires after {@link #LIFETIME}, and a browser holds at most {@link #CAPACITY} requests and
 * {@link #ACTIVATION_CAPACITY} activations (the oldest goes first), so a script cannot pile rows up
 * through one browser.
 */
@ApplicationScoped
public class PendingAuthorizations {

    public static final Duration LIFETIME = Duration.ofMinutes(30);
    public static final int CAPACITY = 16;
    static final int ACTIVATION_CAPACITY = 8;

    private final BrowserStateStore store;

    @Inject
    public PendingAuthorizations(BrowserStateStore store) {
        this.store = store;
    }

    /** For CDI's client proxy only. */
    protected PendingAuthorizations() {
        this.store = null;
    }

    /** Keeps {@code request} under a fresh random id (128 bits: not guessable, RFC 6749 §10.10). */
    public PendingAuthorization add(String browser, AuthorizationRequest request, Instant now) {
        PendingAuthorization pending = new PendingAuthorization(TokenIds.random(128), request, now, null, false);
        makeRoom(BrowserStateStore.Kind.AUTHORIZATION, browser, CAPACITY, now);
        store.add(BrowserStateStore.Kind.AUTHORIZATION, TokenHashes.sha256(pending.id()), browser,
                PendingAuthorizationJson.write(pending), now, now.plus(LIFETIME));
        return pending;
    }

    public Optional<PendingAuthorization> find(String browser, String id, Instant now) {
        if (id == null) {
            return Optional.empty();
        }
        return store.find(BrowserStateStore.Kind.AUTHORIZATION, TokenHashes.sha256(id), browser, now)
                .map(json -> PendingAuthorizationJson.read(id, json));
    }

    /** Replaces a request still pending; does nothing when it is gone. */
    public void update(String browser, PendingAuthorization pending) {
        store.update(BrowserStateStore.Kind.AUTHORIZATION, TokenHashes.sha256(pending.id()), browser,
                PendingAuthorizationJson.write(pending));
    }

    /** Removes the request; true for the one caller, on any node, that removed it (so it is finished once). */
    public boolean remove(String browser, String id) {
        return id != null && store.remove(BrowserStateStore.Kind.AUTHORIZATION, TokenHashes.sha256(id), browser);
    }

    /** Keeps a (normalized) user code under a fresh random id while the user signs in; returns the id. */
    public String addActivation(String browser, String userCode, Instant now) {
        String id = TokenIds.random(128);
        makeRoom(BrowserStateStore.Kind.ACTIVATION, browser, ACTIVATION_CAPACITY, now);
        store.add(BrowserStateStore.Kind.ACTIVATION, TokenHashes.sha256(id), browser, userCode, now,
                now.plus(LIFETIME));
        return id;
    }

    public Optional<String> activation(String browser, String id, Instant now) {
        return id == null ? Optional.empty()
                : store.find(BrowserStateStore.Kind.ACTIVATION, TokenHashes.sha256(id), browser, now);
    }

    public void removeActivation(String browser, String id) {
        if (id != null) {
            store.remove(BrowserStateStore.Kind.ACTIVATION, TokenHashes.sha256(id), browser);
        }
    }

    /** The browser's cookie was renewed (at sign-in): its entries follow it. */
    public void move(String fromBrowser, String toBrowser) {
        store.moveBrowser(fromBrowser, toBrowser);
    }

    /** The browser signed out: nothing of it stays. */
    public void forget(String browser) {
        store.forgetBrowser(browser);
    }

    private void makeRoom(BrowserStateStore.Kind kind, String browser, int capacity, Instant now) {
        List<String> ids = store.ids(kind, browser, now);
        for (int i = 0; i <= ids.size() - capacity; i++) {
            store.remove(kind, ids.get(i), browser);
        }
    }
}
