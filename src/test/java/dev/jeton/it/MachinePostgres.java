package dev.jeton.it;

import org.junit.jupiter.api.Assumptions;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, database test, trust authentication for postgres),
 * which the PostgreSQL integration tests use, and the one rule for when it is not there: the class
 * is skipped, saying so, except under CI ({@code CI} set), where {@code .ci/run} starts it and its
 * absence must fail the build instead of passing it quietly.
 */
final class MachinePostgres {

    static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private MachinePostgres() {
    }

    /** Returns when PostgreSQL answers; otherwise skips {@code testClass}, or fails it under CI. */
    static void requireFor(Class<?> testClass) {
        boolean answers;
        try (var c = DriverManager.getConnection(ADMIN_URL)) {
            answers = c.isValid(5);
        } catch (SQLException e) {
            answers = false;
        }
        if (!answers && System.getenv("CI") != null) {
            throw new IllegalStateException("PostgreSQL is not running on 127.0.0.1:5432 (.ci/run starts it)");
        }
        Assumptions.assumeTrue(answers, "PostgreSQL is not running on 127.0.0.1:5432: "
                + testClass.getSimpleName() + " skipped");
    }
}
