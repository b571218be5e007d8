package io.cmkworker.resilience;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A classified call failure.
 *
 * @param retriable whether trying again later may succeed
 * @param reason a human-readable account, carried to the outcome
 * @param retryAfter a delay the server asked for, if any
 */
public record Failure(boolean retriable, String reason, Optional<Duration> retryAfter) {
    public Failure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }
}
