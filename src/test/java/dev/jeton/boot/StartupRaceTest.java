package dev.jeton.boot;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Two nodes starting at once: the one that lost a race for a shared row runs its (idempotent) step again. */
class StartupRaceTest {

    @Test
    void aStepThatLostARaceForARowRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        StartupRace.run("test", () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("commit failed",
                        new SQLIntegrityConstraintViolationException("duplicate key", "23505"));
            }
        });
        assertEquals(2, runs.get());
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException failure = new IllegalStateException("no database", new SQLException("refused", "08001"));
        assertSame(failure, assertThrows(IllegalStateException.class, () -> StartupRace.run("test", () -> {
            runs.incrementAndGet();
            throw failure;
        })));
        assertEquals(1, runs.get());
    }

    @Test
    void aRaceLostEveryTimeGivesUpAfterTheLastAttempt() {
        AtomicInteger runs = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> StartupRace.run("test", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException(new SQLException("duplicate key", "23505"));
        }));
        assertEquals(StartupRace.ATTEMPTS, runs.get());
    }

    @Test
    void aCommitRolledBackOnWildFlyWithoutTheSqlErrorIsARaceToo() {
        AtomicInteger runs = new AtomicInteger();
        StartupRace.run("test", () -> {
            if (runs.incrementAndGet() == 1) {
                // what @Transactional on Narayana throws when the insert's flush fails at commit
                throw new jakarta.transaction.TransactionalException("commit failed",
                        new jakarta.transaction.RollbackException("ARJUNA016053: Could not commit transaction."));
            }
        });
        assertEquals(2, runs.get());
    }

    @Test
    void aUniqueKeyViolationOnlyAmongTheSuppressedIsFound() {
        IllegalStateException failure = new IllegalStateException("commit failed");
        failure.addSuppressed(new SQLIntegrityConstraintViolationException("duplicate key", "23505"));
        assertEquals(true, StartupRace.lostToAnotherNode(failure));
        assertEquals(false, StartupRace.lostToAnotherNode(new IllegalStateException(new SQLException("refused", "08001"))));
    }

    @Test
    void aCheckedRollbackExceptionThrownThroughTheStepIsARaceToo() {
        AtomicInteger runs = new AtomicInteger();
        StartupRace.run("test", () -> {
            if (runs.incrementAndGet() == 1) {
                // Narayana's interceptor throws the checked exception as it is, past the Runnable's signature
                StartupRaceTest.<RuntimeException>sneaky(new jakarta.transaction.RollbackException(
                        "ARJUNA016053: Could not commit transaction."));
            }
        });
        assertEquals(2, runs.get());
    }

    @Test
    void aCheckedExceptionThatIsNoRaceIsThrownWrapped() {
        Exception failure = new java.io.IOException("disk");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> StartupRace.run("test",
                () -> StartupRaceTest.<RuntimeException>sneaky(failure)));
        assertSame(failure, thrown.getCause());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
