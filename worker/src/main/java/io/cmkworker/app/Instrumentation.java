package io.cmkworker.app;

import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.metrics.JvmMeters;
import io.cmkworker.metrics.PrometheusNaming;
import io.cmkworker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;

/**
 * Every meter a worker puts on its registry: its own ({@link WorkerMetrics}, each outcome status from zero), the JVM's
 * and process's ({@link JvmMeters}) and its Kafka clients' ({@link KafkaClientMeters}), named within Prometheus' rules
 * ({@link PrometheusNaming}, configured first).
 */
record Instrumentation(WorkerMetrics metrics, JvmMeters jvm, KafkaClientMeters kafkaClients) implements AutoCloseable {

    static Instrumentation on(MeterRegistry registry) {
        registry.config().meterFilter(new PrometheusNaming());
        WorkerMetrics metrics = new WorkerMetrics(registry);
        metrics.outcomeStatuses(Arrays.stream(OutcomeStatus.values()).map(Enum::name).toList());
        return new Instrumentation(metrics, JvmMeters.bind(registry), new KafkaClientMeters(registry));
    }

    /** Stops the JVM meters' GC listeners and removes the Kafka clients' meters. */
    @Override
    public void close() {
        kafkaClients.close();
        jvm.close();
    }
}
