package io.cmkworker.bench;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.LongStream;

/**
 * A meter registry that also keeps every value recorded by the timers it is told to sample, and when
 * each was recorded, so the bench computes exact percentiles of the worker's own meters (such as
 * {@code cmk.check.lateness}) instead of reading them off histogram buckets, and can tell when the
 * worker did something (a {@code cmk.queue.wait} of a call is recorded as the call starts). The worker
 * is given this registry and does not know.
 */
public final class SampledRegistry extends SimpleMeterRegistry {

    private final Set<String> sampled;
    private final Map<Meter.Id, Samples> samples = new ConcurrentHashMap<>();

    /** Keeps the recordings of the timers named {@code sampled}. */
    public SampledRegistry(Set<String> sampled) {
        super(SimpleConfig.DEFAULT, Clock.SYSTEM);
        this.sampled = Set.copyOf(sampled);
    }

    /** Every value recorded so far by the timers called {@code name} (any tags), in nanoseconds. */
    public long[] values(String name) {
        return collect(id -> id.getName().equals(name), Samples::values);
    }

    /** When each recording of the timers that {@code which} accepts was made, in {@link System#nanoTime()}. */
    public long[] recordedAt(Predicate<Meter.Id> which) {
        return collect(which, Samples::times);
    }

    private long[] collect(Predicate<Meter.Id> which, Function<Samples, long[]> part) {
        return samples.entrySet().stream().filter(e -> which.test(e.getKey()))
                .flatMapToLong(e -> LongStream.of(part.apply(e.getValue()))).toArray();
    }

    @Override
    protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
        if (!sampled.contains(id.getName())) {
            return super.newTimer(id, config, pauseDetector);
        }
        Samples into = samples.computeIfAbsent(id, i -> new Samples());
        return new CumulativeTimer(id, clock, config, pauseDetector, getBaseTimeUnit(), false) {
            @Override
            protected void recordNonNegative(long amount, TimeUnit unit) {
                into.add(unit.toNanos(amount), System.nanoTime());
                super.recordNonNegative(amount, unit);
            }
        };
    }

    /** Growing arrays of values and their recording times, appended to from any thread. */
    private static final class Samples {
        private long[] values = new long[1024];
        private long[] times = new long[1024];
        private int size;

        synchronized void add(long value, long time) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
                times = Arrays.copyOf(times, size * 2);
            }
            values[size] = value;
            times[size++] = time;
        }

        synchronized long[] values() {
            return Arrays.copyOf(values, size);
        }

        synchronized long[] times() {
            return Arrays.copyOf(times, size);
        }
    }
}
