package io.cmkworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommonPoolTest {

    private static final String KEY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private final String before = System.getProperty(KEY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, before);
        }
    }

    @Test
    void onFewerThanThreeCoresTheCommonPoolIsAskedForFourThreads() {
        System.clearProperty(KEY);
        Main.keepHttpResponsesOffNewThreads();
        String expected = Runtime.getRuntime().availableProcessors() < 3 ? Main.COMMON_PARALLELISM : null;
        assertThat(System.getProperty(KEY)).isEqualTo(expected);
    }

    @Test
    void anExplicitParallelismWins() {
        System.setProperty(KEY, "7");
        Main.keepHttpResponsesOffNewThreads();
        assertThat(System.getProperty(KEY)).isEqualTo("7");
    }
}
