package dev.jeton.grant.devicecode;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8628 §6.1 user codes (the §5.1 limits are DeviceActivationTest's). */
class UserCodesTest {

    @Test
    void codesAreEightConsonantsShownInTwoGroupsAndVary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = UserCodes.generate();
            assertTrue(code.matches("[BCDFGHJKLMNPQRSTVWXZ]{8}"), code);
            seen.add(code);
        }
        assertTrue(seen.size() > 190, "random codes repeat rarely");
        assertEquals("BCDF-GHJK", UserCodes.display("BCDFGHJK"));
    }

    @Test
    void typedCodesCompareWithoutCaseDashesOrSpaces() {
        assertEquals(Optional.of("BCDFGHJK"), UserCodes.normalize("bcdf-ghjk"));
        assertEquals(Optional.of("BCDFGHJK"), UserCodes.normalize(" BcDf GhJk "));
        assertEquals(Optional.of("BCDFGHJK"), UserCodes.normalize("BCDFGHJK"));
        assertEquals(Optional.empty(), UserCodes.normalize("BCDF-GHJ0"));
        assertEquals(Optional.empty(), UserCodes.normalize("BCDF-GHJKL"));
        assertEquals(Optional.empty(), UserCodes.normalize(""));
    }
}
