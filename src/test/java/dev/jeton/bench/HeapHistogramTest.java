package dev.jeton.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapHistogramTest {

    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        238563       46503152  [B (java.base@25.0.3)
               2:         21638        2769664  org.h2.mvstore.SFChunk
               3:            10           1000  dev.jeton.Gone
            Total        260211       49273816
            """;
    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:        238000       46000000  [B (java.base@25.0.3)
               2:         39475        5052800  org.h2.mvstore.SFChunk
               3:             4            512  dev.jeton.New
            Total        277479       51053312
            """;

    @Test
    void parsesRowsAndSkipsTheTotal() {
        HeapHistogram h = HeapHistogram.parse(BEFORE);
        assertEquals(3, h.byClass().size());
        assertEquals(46503152L + 2769664L + 1000L, h.totalBytes());
    }

    @Test
    void listsTheClassesThatGrewMostFirstAndOnlyThose() {
        List<String> growth = HeapHistogram.parse(AFTER).growthSince(HeapHistogram.parse(BEFORE), 5);
        assertEquals(List.of("org.h2.mvstore.SFChunk +2,229 KB (+17,837 instances)",
                "dev.jeton.New +0 KB (+4 instances)"), growth);
    }
}
