package io.cmkworker.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the meters of the JVM and Kafka client binders within Prometheus' naming rules, which {@code promtool check
 * metrics} enforces: a gauge must not end in {@code _count} (that suffix belongs to histograms and summaries), and a
 * name must not carry an abbreviated unit such as {@code ns}. The few gauges named {@code ...count} are renamed; meters
 * in nanoseconds (Kafka's {@code io-wait-time-ns-total} and the like, the process's CPU time) are dropped, because a
 * filter can rename a meter but not scale its values to seconds, and each has a ratio or usage gauge beside it
 * ({@code kafka_*_io_wait_ratio}, {@code process_cpu_usage}). A few of Kafka's metrics come without a description
 * (the per-broker request latencies): they get one naming them, as every meter needs help text. The consumer's
 * per-partition fetch figures are dropped too: {@code cmk_consumer_lag_records} has them per partition already.
 * Configure it on the registry before any meter is registered.
 */
public final class PrometheusNaming implements MeterFilter {

    /** Gauges whose names end in {@code .count}, and what they are called instead. */
    private static final Map<String, String> RENAMED = Map.of(
            "system.cpu.count", "system.cpus",
            "kafka.consumer.connection.count", "kafka.consumer.connections",
            "kafka.producer.connection.count", "kafka.producer.connections");

    /** The abbreviated units promtool's lint refuses as a word of a name. */
    private static final Set<String> ABBREVIATED_UNITS = Set.of("s", "ms", "us", "ns", "sec", "b", "kb", "mb", "gb",
            "tb", "pb", "m", "h", "d");

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = RENAMED.get(id.getName());
        Meter.Id mapped = name == null ? id : id.withName(name);
        String description = mapped.getDescription();
        if (mapped.getName().startsWith("kafka.") && (description == null || description.isBlank())) {
            mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()), mapped.getBaseUnit(),
                    "The Kafka client's metric " + mapped.getName() + " (Kafka gives it no description)",
                    mapped.getType());
        }
        return mapped;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        boolean abbreviated = Arrays.stream(id.getName().split("[._-]")).anyMatch(ABBREVIATED_UNITS::contains)
                || (id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit()));
        // The consumer's seven figures per partition (lag, lead, their averages and extremes) repeat what
        // cmk_consumer_lag_records says per partition: hundreds of series on an instance that holds many slots.
        boolean perPartitionFetch = id.getName().startsWith("kafka.consumer.fetch.manager.")
                && id.getTag("partition") != null;
        return abbreviated || perPartitionFetch ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }
}
