package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeapProbeTest {

    @Test
    void readsTheUsedHeapOfG1AndLeavesMetaspaceOut() {
        String g1 = """
                12345:
                 garbage-first heap   total 262144K, used 21043K [0x00000000f0000000, 0x0000000100000000)
                  region size 1024K, 1 young (1024K), 0 survivors (0K)
                 Metaspace       used 45000K, committed 45440K, reserved 1089536K
                  class space    used 5000K, committed 5184K, reserved 1048576K
                """;

        assertThat(HeapProbe.parseUsedBytes(g1)).isEqualTo(21043L * 1024);
    }

    @Test
    void addsTheGenerationsOfTheSerialCollector() {
        String serial = """
                678:
                 def new generation   total 9792K, used 1230K [0x00000000e0000000, 0x00000000e0aa0000, 0x00000000eaaa0000)
                  eden space 8704K,  14% used [0x00000000e0000000, 0x00000000e0133a20, 0x00000000e0880000)
                  from space 1088K,   0% used [0x00000000e0880000, 0x00000000e0880000, 0x00000000e0990000)
                 tenured generation   total 21888K, used 12000K [0x00000000eaaa0000, 0x00000000ec000000, 0x0000000100000000)
                   the space 21888K,  54% used [0x00000000eaaa0000, 0x00000000eb63c000, 0x00000000eb63c200, 0x00000000ec000000)
                 Metaspace       used 30000K, committed 30336K, reserved 1077248K
                """;

        assertThat(HeapProbe.parseUsedBytes(serial)).isEqualTo((1230L + 12000L) * 1024);
    }

    @Test
    void saysSoWhenTheOutputHoldsNoHeap() {
        assertThatThrownBy(() -> HeapProbe.parseUsedBytes("678:\nCould not attach\n"))
                .hasMessageContaining("no heap usage");
    }
}
