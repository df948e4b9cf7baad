package dev.jeton.lifecycle;

import jakarta.enterprise.concurrent.ManagedThreadFactory;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a relay (the audit relay, the back-channel logout relay): it runs a round right after a
 * {@link #kick} and otherwise once an interval, which is what retries what failed and delivers what was queued
 * before a restart. One round at a time; kicks that come during a round are covered by the next one.
 *
 * <p>{@link #kick} only signals the thread. A task submitted to the managed executor from a request thread
 * runs on Payara (6.2025.10) under a clone of the request's component invocation that shares its registry:
 * when the task ended, Payara closed the request's non-transactional EntityManagers, and the request's next
 * query failed with "Session/EntityManager is closed" (a 500 on the sign-in page after a wrong password, seen
 * in AuthorizeFlowIT). So the thread is made once, at start, by the managed thread factory.
 */
public final class RelayThread {

    private final Semaphore requested = new Semaphore(0);
    private volatile boolean stopped;
    private volatile Thread worker;

    /**
     * Starts the thread.
     *
     * @param name     the thread's name, as thread dumps show it
     * @param interval how long it waits for a kick before it runs a round anyway
     * @param round    one round; it handles its own failures (a RuntimeException would end the thread)
     */
    public void start(ManagedThreadFactory threads, String name, Duration interval, Runnable round) {
        start(threads, name, interval, Duration.ZERO, round);
    }

    /**
     * Starts the thread; a round asked for by a {@link #kick} waits {@code linger} first, so that the kicks of
     * the requests that come meanwhile are served by the same round (under load, one round for many events
     * rather than one per request: issue #13). A round that comes of the interval does not wait.
     */
    public void start(ManagedThreadFactory threads, String name, Duration interval, Duration linger,
                      Runnable round) {
        Thread thread = threads.newThread(() -> runUntilStopped(interval.toMillis(), linger.toMillis(), round));
        thread.setName(name);
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /** Ends the thread (at undeployment): a round in progress sees {@link #stopping} and a wait is interrupted. */
    public void stop() {
        stopped = true;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Asks for a round; returns at once, and never hands the caller's context to another thread. */
    public void kick() {
        requested.release();
    }

    /** Whether {@link #stop} was called: a long round gives up between its items. */
    public boolean stopping() {
        return stopped;
    }

    /** Whether the thread runs: it ends only when the application stops, or on an Error. */
    public boolean running() {
        Thread thread = worker;
        return thread != null && thread.isAlive() && !stopped;
    }

    private void runUntilStopped(long intervalMillis, long lingerMillis, Runnable round) {
        while (!stopped) {
            try {
                // a kick or the interval, whichever comes first; kicks meanwhile are covered by this round
                if (requested.tryAcquire(intervalMillis, TimeUnit.MILLISECONDS) && lingerMillis > 0) {
                    Thread.sleep(lingerMillis);
                }
                requested.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!stopped) {
                round.run();
            }
        }
    }
}
