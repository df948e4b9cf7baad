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
    void outputWithoutAFigureIsMinusOne() {
        assertEquals(-1, HeapInfo.usedKb("12345:\ncom.sun.tools.attach.AttachNotSupportedException: Unable to open socket file"));
    }
}
