package io.cmkworker.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * Exact percentiles of a set of durations, by the nearest-rank method: the p-th percentile is the
 * smallest sample that at least {@code p} of all samples are at or below. No interpolation and no
 * histogram buckets, so a reported p99 is always a duration that really occurred.
 *
 * @param count how many samples
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the largest sample
 */
public record Percentiles(int count, Duration p50, Duration p99, Duration max) {

    public static final Percentiles NONE = new Percentiles(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public Percentiles {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, was " + count);
        }
    }

    /** The percentiles of {@code nanos} (not changed); {@link #NONE} when there are none. */
    public static Percentiles ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return NONE;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, Duration.ofNanos(rank(sorted, 0.5)), Duration.ofNanos(rank(sorted, 0.99)),
                Duration.ofNanos(sorted[sorted.length - 1]));
    }

    /** The nearest-rank {@code p} quantile of ascending {@code sorted} (not empty), {@code 0 < p <= 1}. */
    static long rank(long[] sorted, double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1], was " + p);
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
