package io.cmkworker.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The per-partition lag gauges, {@code cmk.consumer.lag} in records and in seconds. Unlike the loop's other gauges
 * these come and go with the assignment: a partition that moved to another instance must not keep reporting the lag
 * it had here, or an alert on a partition whose lag does not move would fire for a partition nobody reads here.
 * Set by the poll thread only; read by scrapes.
 */
final class PartitionLagGauges {

    private final MeterRegistry registry;
    private final Map<String, Entry> entries = new HashMap<>();

    /** The last values set and the two gauges that read them. */
    private static final class Entry {
        volatile long records;
        volatile double seconds;
        Gauge recordsGauge;
        Gauge secondsGauge;
    }

    PartitionLagGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void set(Collection<PartitionLag> lags) {
        Set<String> present = new HashSet<>();
        for (PartitionLag lag : lags) {
            String key = lag.topic() + "|" + lag.partition();
            present.add(key);
            Entry e = entries.computeIfAbsent(key, k -> register(lag));
            e.records = lag.records();
            e.seconds = lag.seconds();
        }
        entries.entrySet().removeIf(e -> {
            if (present.contains(e.getKey())) {
                return false;
            }
            registry.remove(e.getValue().recordsGauge);
            registry.remove(e.getValue().secondsGauge);
            return true;
        });
    }

    private Entry register(PartitionLag lag) {
        Entry e = new Entry();
        Tags tags = Tags.of("topic", lag.topic(), "partition", Integer.toString(lag.partition()), "role", lag.role());
        e.recordsGauge = Gauge.builder("cmk.consumer.lag", e, x -> x.records).tags(tags).baseUnit("records")
                .description("Records of this instance's partition not yet taken (as of its last fetch)")
                .register(registry);
        e.secondsGauge = Gauge.builder("cmk.consumer.lag.seconds", e, x -> x.seconds).tags(tags).baseUnit("seconds")
                .description("How long the next record of this instance's partition has waited to be taken, from when"
                        + " this instance first saw it (0: nothing waits)")
                .register(registry);
        return e;
    }
}
