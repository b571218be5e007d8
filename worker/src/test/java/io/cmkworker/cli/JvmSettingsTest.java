package io.cmkworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JVM settings {@link Main} asks for before anything runs, and that an explicit one always wins. */
class JvmSettingsTest {

    private static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    private static final String HTTP_BUFFER = "jdk.httpclient.bufsize";
    private final Map<String, String> before = new HashMap<>();

    JvmSettingsTest() {
        before.put(PARALLELISM, System.getProperty(PARALLELISM));
        before.put(HTTP_BUFFER, System.getProperty(HTTP_BUFFER));
    }

    @AfterEach
    void restore() {
        before.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    void onFewerThanThreeCoresTheCommonPoolIsAskedForFourThreads() {
        System.clearProperty(PARALLELISM);
        Main.keepHttpResponsesOffNewThreads();
        String expected = Runtime.getRuntime().availableProcessors() < 3 ? Main.COMMON_PARALLELISM : null;
        assertThat(System.getProperty(PARALLELISM)).isEqualTo(expected);
    }

    @Test
    void anExplicitParallelismWins() {
        System.setProperty(PARALLELISM, "7");
        Main.keepHttpResponsesOffNewThreads();
        assertThat(System.getProperty(PARALLELISM)).isEqualTo("7");
    }

    @Test
    void eachHttpConnectionIsAskedForBuffersOfFourKilobytes() {
        System.clearProperty(HTTP_BUFFER);
        Main.keepHttpBuffersSmall();
        assertThat(System.getProperty(HTTP_BUFFER)).isEqualTo("4096");
    }

    @Test
    void anExplicitBufferSizeWins() {
        System.setProperty(HTTP_BUFFER, "65536");
        Main.keepHttpBuffersSmall();
        assertThat(System.getProperty(HTTP_BUFFER)).isEqualTo("65536");
    }
}
