package io.cmkworker.config;

import java.time.Duration;

/**
 * Quick in-process retries of a step (see {@link ConfigKeys#RETRY_MAX_ATTEMPTS} and the keys after it).
 *
 * @param maxAttempts tries in process, the first included
 * @param initialBackoff wait before the first retry; doubles each time
 * @param maxBackoff the longest wait, and the longest Retry-After honoured in process
 * @param jitter random spread of each wait, as a fraction of it
 */
public record RetrySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    public RetrySettings {
        if (maxAttempts < 1) {
            throw new ConfigException("platform.retry.max.attempts must be at least 1, was " + maxAttempts);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new ConfigException("platform.retry.max.backoff (" + Durations.format(maxBackoff)
                    + ") must not be shorter than platform.retry.initial.backoff (" + Durations.format(initialBackoff) + ")");
        }
        if (jitter < 0 || jitter > 1) {
            throw new ConfigException("platform.retry.jitter must be between 0 and 1, was " + jitter);
        }
    }
}
