package io.cmkworker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PrometheusNamingTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    PrometheusNamingTest() {
        registry.config().meterFilter(new PrometheusNaming());
    }

    @Test
    void renamesGaugesNamedLikeAHistogramsCount() {
        Gauge.builder("kafka.producer.connection.count", () -> 2).register(registry);
        Gauge.builder("system.cpu.count", () -> 2).register(registry);

        assertThat(registry.find("kafka.producer.connections").gauge()).isNotNull();
        assertThat(registry.find("system.cpus").gauge()).isNotNull();
        assertThat(registry.find("system.cpu.count").gauge()).isNull();
    }

    @Test
    void dropsMetersInNanoseconds() {
        FunctionCounter.builder("kafka.consumer.io.wait.time.ns.total", this, x -> 1).register(registry);
        FunctionCounter.builder("process.cpu.time", this, x -> 1).baseUnit("ns").register(registry);

        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void dropsTheConsumersPerPartitionFetchFiguresAndKeepsItsTotals() {
        Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 1).tag("topic", "t").tag("partition", "0")
                .register(registry);
        Gauge.builder("kafka.consumer.fetch.manager.records.lag.max", () -> 1).register(registry);

        assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                .containsExactly("kafka.consumer.fetch.manager.records.lag.max");
    }

    @Test
    void givesAKafkaMetricWithoutADescriptionOneAndLeavesTheWorkersOwnAlone() {
        Gauge.builder("kafka.producer.node.request.latency.avg", () -> 1).description("").register(registry);
        Gauge.builder("cmk.records.in.work", () -> 1).register(registry);

        assertThat(registry.get("kafka.producer.node.request.latency.avg").gauge().getId().getDescription())
                .contains("kafka.producer.node.request.latency.avg");
        assertThat(registry.get("cmk.records.in.work").gauge().getId().getDescription())
                .as("a meter of the worker's without help text is a bug the lint finds, not one to paper over")
                .isNull();
    }
}
