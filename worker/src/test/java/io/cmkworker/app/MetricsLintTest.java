package io.cmkworker.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.metrics.PartitionLag;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.monitoring.PrometheusBinaries;
import io.cmkworker.monitoring.Promtool;
import io.cmkworker.platform.CallScheduler;
import io.cmkworker.platform.PlatformOperation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check metrics} on what {@code /metrics} serves, with every meter of the worker present: the worker's
 * {@link Instrumentation} with each of {@link WorkerMetrics}' meters used once, and the Kafka clients' meters of a
 * consumer and a transactional producer built with the worker's settings (never connected). It must print nothing:
 * every meter has help text and follows Prometheus' naming rules. {@code PrometheusIT} does the same on a running
 * worker's scrape.
 */
class MetricsLintTest {

    @Test
    void promtoolFindsNothingToSayAboutTheWorkersMeters() {
        Promtool promtool = new Promtool(PrometheusBinaries.require());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        WorkerConfig config = WorkerConfig.of("kafka.bootstrap.servers", "127.0.0.1:1", "worker.group.id", "lint",
                "worker.instance.id", "lint-1");
        try (Instrumentation instrumentation = Instrumentation.on(registry);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClients.consumer(config));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producer(config))) {
            useEveryMeter(instrumentation.metrics());
            instrumentation.kafkaClients().consumer(consumer);
            instrumentation.kafkaClients().producer(producer);

            String scrape = registry.scrape();
            assertThat(scrape).contains("jvm_memory_used_bytes", "process_cpu_usage", "kafka_consumer_",
                    "kafka_producer_", "cmk_consumer_lag_records", "cmk_intake_pace_requests_per_second");
            Promtool.Result lint = promtool.run(Path.of("."), scrape, "check", "metrics");
            assertThat(lint.output()).as("promtool check metrics").isEmpty();
            assertThat(lint.exitCode()).isZero();
        }
    }

    /** Every meter of {@link WorkerMetrics}, so each one's name and help text reach the scrape. */
    static void useEveryMeter(WorkerMetrics metrics) {
        metrics.outcomeStatuses(List.of("COMPLETED", "FAILED"));
        metrics.outcome("COMPLETED", false);
        metrics.lateness(Duration.ofMillis(30));
        metrics.lateness(Duration.ofMillis(-1));
        metrics.hop();
        metrics.deadLetter();
        metrics.committed();
        metrics.aborted();
        metrics.waited("kafka", Duration.ofMillis(3));
        metrics.called(PlatformOperation.CREATE_CONFIG, 200, Duration.ofMillis(20));
        metrics.called(PlatformOperation.GET_CONFIG, -1, Duration.ZERO);
        metrics.started(CallScheduler.Priority.NEW, Duration.ofMillis(1));
        metrics.breaker("platform:host", () -> 0);
        metrics.breakerTransition("platform:host", "OPEN", "HALF_OPEN");
        metrics.lane("platform:host", () -> 50.0);
        metrics.rateCut("platform:host");
        metrics.gauge("cmk.records.in.work", "scope", "instance", "Records taken and not yet finished", 1);
        metrics.gauge("cmk.intake.pace", "requests.per.second", "scope", "instance", "New requests a second", 256);
        metrics.partitionLags(List.of(new PartitionLag("requests", 0, "requests", 3, 1.5)));
        metrics.retried("submit");
        metrics.duplicate("done");
        metrics.forwarded();
        metrics.commitMetadata(120);
        metrics.windowFull();
        metrics.commitMetadataUnread("foreign");
        metrics.reread("step");
        metrics.superseded();
        metrics.orphanWatchFailed("TimeoutException");
    }
}
