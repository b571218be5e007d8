package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampledRegistryTest {

    @Test
    void keepsEveryValueTheWorkersLatenessMeterRecords() {
        SampledRegistry registry = new SampledRegistry(Set.of("cmk.check.lateness"));
        WorkerMetrics metrics = new WorkerMetrics(registry);

        metrics.lateness(Duration.ofMillis(12));
        metrics.lateness(Duration.ofMillis(340));
        metrics.lateness(Duration.ofMillis(-5));

        assertThat(registry.values("cmk.check.lateness"))
                .containsExactly(Duration.ofMillis(12).toNanos(), Duration.ofMillis(340).toNanos(), 0);
        assertThat(metrics.latenessTimer().count()).isEqualTo(3);
        assertThat(metrics.total("cmk.check.early")).isEqualTo(1);
    }

    @Test
    void recordsWhenEachValueWasRecordedPerTagAndLeavesOtherTimersAlone() {
        SampledRegistry registry = new SampledRegistry(Set.of("cmk.queue.wait"));
        long before = System.nanoTime();
        Timer.builder("cmk.queue.wait").tag("queue", "calls-new").register(registry).record(Duration.ofMillis(1));
        Timer.builder("cmk.queue.wait").tag("queue", "calls-token").register(registry).record(Duration.ofMillis(2));
        Timer.builder("cmk.other").register(registry).record(Duration.ofMillis(3));

        long[] newCalls = registry.recordedAt(id -> "calls-new".equals(id.getTag("queue")));
        assertThat(newCalls).hasSize(1);
        assertThat(newCalls[0]).isBetween(before, System.nanoTime());
        assertThat(registry.values("cmk.queue.wait")).hasSize(2);
        assertThat(registry.values("cmk.other")).isEmpty();
        assertThat(registry.get("cmk.other").timer().count()).isEqualTo(1);
    }
}
