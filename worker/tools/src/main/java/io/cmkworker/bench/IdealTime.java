package io.cmkworker.bench;

import java.time.Duration;

/**
 * The shortest time a number of calls can take when each waits {@code latency} on the wire and at most
 * {@code concurrency} are in flight: {@code calls x latency / concurrency}. The bulk scenario compares
 * its wall time against it; nothing else (Kafka, delays between steps) is counted in the ideal.
 */
public final class IdealTime {

    private IdealTime() {
    }

    public static Duration of(long calls, Duration latency, int concurrency) {
        if (calls < 0) {
            throw new IllegalArgumentException("calls must be >= 0, was " + calls);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must be >= 0, was " + latency);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        return Duration.ofNanos(Math.round((double) calls * latency.toNanos() / concurrency));
    }

    /** {@code actual / ideal}: 1.0 is the ideal, 1.25 a quarter slower. */
    public static double ratio(Duration actual, Duration ideal) {
        if (ideal.isZero() || ideal.isNegative()) {
            throw new IllegalArgumentException("ideal must be positive, was " + ideal);
        }
        return (double) actual.toNanos() / ideal.toNanos();
    }
}
