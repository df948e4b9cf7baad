package dev.jeton.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log check of the hostile-input ITs can fail: it sees what is printed, and knows Payara's levels. */
class ServerLogTest {

    @Test
    void linesPrintedWhileCapturingAreSeenAndWarningsAndErrorsAreRecognised() {
        String warning = "[2026-11-22T18:44:35.943+0000] [] [WARNING] [] [dev.jeton.web.TokenResource] [tid: x] "
                + "[levelValue: 900] something";
        try (ServerLog log = ServerLog.capture()) {
            System.out.println("[2026-11-22T18:44:35.943+0000] [] [INFO] [] [x] [levelValue: 800] fine");
            System.out.println(warning);
            System.out.println("[2026-11-22T18:44:49.947+0000] [] [\u001B[1;93mWARN\u001B[0m] [] [org.hibernate] x");
            System.out.println("[2026-11-22T18:44:49.947+0000] [] [SEVERE] [] [x] [levelValue: 1000] y");
            assertEquals(3, log.aboveInfo().size(), log.lines().toString());
            assertEquals(warning, log.aboveInfo().get(0));
        }
        assertFalse(ServerLog.isAboveInfo("[2026-11-22T18:44:35.943+0000] [] [INFO] [] [x] WARNING in the text"));
        assertTrue(ServerLog.isAboveInfo("SEVERE: token request failed"));
    }
}
