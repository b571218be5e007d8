package io.cmkworker.domain;

import java.time.Duration;
import java.util.Objects;

/** What to do next with an onboarding after a step: finish it, or run a step again later. */
public sealed interface Decision {

    /** End the onboarding with this verdict and a human-readable reason. */
    record Finish(Verdict verdict, String reason) implements Decision {
        public Finish {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Run the step again after {@code delay} (already cut to the deadline, never negative). */
    record Later(Duration delay) implements Decision {
        public Later {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
            }
        }
    }
}
