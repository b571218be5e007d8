package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void readsUserAndSystemTicksOfAThreadWhoseNameHasSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler (x)) S 1 1 1 0 -1 1077936192 100 0 0 0 250 40 0 0 20 0 1 0 100 0 0";

        assertThat(ThreadCpu.parse(stat)).hasValue(new ThreadCpu.Sample("C2 Compiler (x)", 290));
    }

    @Test
    void addsWhatEachKindOfThreadUsedSinceTheEarlierReading() {
        ThreadCpu before = new ThreadCpu(Map.of(1L, new ThreadCpu.Sample("cmk-worker-loop", 100),
                2L, new ThreadCpu.Sample("C2 CompilerThre", 50)));
        ThreadCpu after = new ThreadCpu(Map.of(1L, new ThreadCpu.Sample("cmk-worker-loop", 250),
                2L, new ThreadCpu.Sample("C2 CompilerThre", 60), 3L, new ThreadCpu.Sample("cmk-http-3", 20),
                4L, new ThreadCpu.Sample("GC Thread#1", 5)));

        Map<String, Double> used = after.since(before);

        assertThat(used).containsEntry("poll loop", 1.5).containsEntry("JIT compilers", 0.1)
                .containsEntry("HTTP client", 0.2).containsEntry("GC and VM", 0.05);
        assertThat(ThreadCpu.describe(used)).isEqualTo("poll loop 1.5 s, HTTP client 0.2 s, JIT compilers 0.1 s,"
                + " GC and VM 0.1 s");
    }

    @Test
    void readsTheThreadsOfThisProcess() {
        assertThat(ThreadCpu.of(ProcessHandle.current().pid()).ticks()).isNotEmpty();
    }
}
