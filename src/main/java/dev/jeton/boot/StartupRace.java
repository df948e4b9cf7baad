package dev.jeton.boot;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * A start-up step that writes shared rows (the clients file's import, the dev profile's demo user)
 * run by several nodes starting at once (issue #19): both find a row missing, both insert it, and the
 * second commit fails on the primary key. The steps are idempotent, so the loser runs its step again
 * after a short random pause and then finds the winner's row. Any other failure is thrown at once.
 */
final class StartupRace {

    private static final Logger LOG = Logger.getLogger(StartupRace.class.getName());
    static final int ATTEMPTS = 5;

    private StartupRace() {
    }

    static void run(String what, Runnable step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run();
                return;
            } catch (Exception e) {
                // Exception, not RuntimeException: Narayana's @Transactional interceptor (WildFly) throws the
                // commit's jakarta.transaction.RollbackException as it is, a checked exception through a Runnable
                if (attempt >= ATTEMPTS || !lostToAnotherNode(e)) {
                    throw e instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(e);
                }
                LOG.info(what + ": another node wrote the same row at the same time; again (attempt " + (attempt + 1)
                        + ")");
                try {
                    Thread.sleep(100 + ThreadLocalRandom.current().nextInt(400));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * A unique-key violation somewhere in the causes or suppressed exceptions: SQLSTATE class 23, or the
     * JPA/Hibernate type for it. Or a transaction rolled back at commit: on WildFly, Narayana reports the
     * flush's unique-key violation at commit as a {@code RollbackException} that does not always carry the
     * SQL error. Retrying an idempotent step then costs one more attempt, and a failure that is not a race
     * (the database away) fails every attempt and is thrown after the last.
     */
    static boolean lostToAnotherNode(Throwable e) {
        java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        pending.add(e);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
            String name = t.getClass().getSimpleName();
            if (name.equals("EntityExistsException") || name.equals("ConstraintViolationException")
                    || name.equals("RollbackException")) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            pending.addAll(java.util.Arrays.asList(t.getSuppressed()));
        }
        return false;
    }
}
