package io.cmkworker.config;

import java.time.Duration;

/**
 * The circuit breaker kept for each host (see {@link ConfigKeys#BREAKER_FAILURE_RATE} and the keys after it).
 *
 * @param failureRatePercent failed share of the window that opens the breaker
 * @param window calls judged, and the least needed to open
 * @param openFor how long an open breaker refuses calls before trial calls
 * @param trialCalls calls let through while half-open
 */
public record BreakerSettings(int failureRatePercent, int window, Duration openFor, int trialCalls) {
    public BreakerSettings {
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new ConfigException("platform.breaker.failure.rate must be 1-100, was " + failureRatePercent);
        }
        if (window < 1 || trialCalls < 1) {
            throw new ConfigException("platform.breaker.window and platform.breaker.trial.calls must be at least 1");
        }
    }
}
