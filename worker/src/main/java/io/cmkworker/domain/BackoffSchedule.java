package io.cmkworker.domain;

import java.time.Duration;
import java.util.List;

/**
 * A fixed sequence of delays; the last one repeats. {@code 5s, 15s, 30s, 60s} means: first wait 5 s,
 * then 15 s, then 30 s, then every 60 s.
 */
public record BackoffSchedule(List<Duration> steps) {

    public BackoffSchedule {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("backoff must have at least one step");
        }
        for (Duration step : steps) {
            if (step.isNegative() || step.isZero()) {
                throw new IllegalArgumentException("every backoff step must be positive, was " + step);
            }
        }
    }

    public static BackoffSchedule of(Duration... steps) {
        return new BackoffSchedule(List.of(steps));
    }

    /** The delay to wait after the {@code attempt}-th try (0 = after the first try). */
    public Duration delayAfter(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
        }
        return steps.get(Math.min(attempt, steps.size() - 1));
    }
}
