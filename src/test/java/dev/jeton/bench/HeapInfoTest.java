package dev.jeton.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapInfoTest {

    @Test
    void theWholeHeapsLineIsReadNotARegionsLine() {
        String g1 = """
                12345:
                 garbage-first heap   total reserved 6291456K, committed 262144K, used 103278K [0x0000000680000000, 0x0000000800000000)
                  region size 4096K, 12 young (49152K), 2 survivors (8192K)
                 Metaspace       used 98765K, committed 99840K, reserved 1179648K
                """;
        assertEquals(103_278, HeapInfo.usedKb(g1));
    }

    @Test
    void parallelsGenerationsAreAddedUpWithoutTheirSpacesOrMetaspace() {
        String parallel = """
                15088:
                PSYoungGen      total 113152K, used 29352K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)
                 eden space 97280K, 30% used [0x0000000782700000,0x00000007843aa250,0x0000000788600000)
                 from space 15872K, 0% used [0x0000000789580000,0x0000000789580000,0x000000078a500000)
                 to   space 15872K, 0% used [0x0000000788600000,0x0000000788600000,0x0000000789580000)
                ParOldGen       total 258048K, used 1166K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)
                 object space 258048K, 0% used [0x0000000687400000,0x0000000687523ab8,0x0000000697000000)
                 Metaspace       used 98765K, committed 99840K, reserved 1179648K
                  class space    used 12345K, committed 13000K, reserved 1048576K
                """;
        assertEquals(29_352 + 1_166, HeapInfo.usedKb(parallel));
    }

    @Test
    void outputWithoutAFigureIsMinusOne() {
        assertEquals(-1, HeapInfo.usedKb("12345:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file"));
    }
}
