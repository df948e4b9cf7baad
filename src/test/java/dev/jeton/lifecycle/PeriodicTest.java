package dev.jeton.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A periodic run logs what it did, and a failed run is logged, never thrown (the schedule would stop for good). */
class PeriodicTest {

    @Test
    void aRunLogsWhatItDidAndAFailureIsLoggedNotThrown() {
        Logger log = Logger.getLogger("periodic-test");
        log.setUseParentHandlers(false);
        List<LogRecord> records = new ArrayList<>();
        log.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        Periodic.runOnce(Duration.ofSeconds(60), log, "sweep", () -> null);
        assertEquals(0, records.size(), "nothing done, nothing logged");
        Periodic.runOnce(Duration.ofSeconds(60), log, "sweep", () -> "Ended 2");
        assertEquals("Ended 2", records.get(0).getMessage());
        Periodic.runOnce(Duration.ofSeconds(60), log, "sweep", () -> {
            throw new IllegalStateException("database away");
        });
        assertEquals("The sweep failed; it runs again in 60 s", records.get(1).getMessage());
        assertEquals("database away", records.get(1).getThrown().getMessage());
    }
}
