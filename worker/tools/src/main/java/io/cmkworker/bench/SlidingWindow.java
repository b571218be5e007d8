package io.cmkworker.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * The most events in any window of a fixed length, wherever it starts: what "never more than 50 calls
 * in any 1 s" is checked against. Windows are half-open, {@code [start, start + length)}, like the
 * worker's own rate limiter; the busiest one always starts at an event, so only those starts are tried.
 */
public final class SlidingWindow {

    /** The busiest window: how many events it holds and when it starts (epoch nanoseconds). */
    public record Busiest(int count, long startNanos) {
    }

    private SlidingWindow() {
    }

    /** The busiest window of {@code length} over events at {@code nanos} (any order; not changed). */
    public static Busiest busiest(long[] nanos, Duration length) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("length must be positive, was " + length);
        }
        if (nanos.length == 0) {
            return new Busiest(0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long window = length.toNanos();
        int best = 0;
        long bestStart = sorted[0];
        int end = 0;
        for (int start = 0; start < sorted.length; start++) {
            while (end < sorted.length && sorted[end] - sorted[start] < window) {
                end++;
            }
            if (end - start > best) {
                best = end - start;
                bestStart = sorted[start];
            }
        }
        return new Busiest(best, bestStart);
    }
}
