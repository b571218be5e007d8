package io.cmkworker.pipeline;

import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.StatusCheck;
import java.time.Duration;
import java.util.Objects;

/** What a processed record asks to be published, in the same Kafka transaction as its offset. */
public sealed interface Output {

    /** The request's one terminal outcome. */
    record Publish(OnboardingOutcome outcome) implements Output {
        public Publish {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** The record cannot be answered (no usable request or org ID): it goes to the dead-letter topic. */
    record DeadLetter(String reason) implements Output {
        public DeadLetter {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A step to run again after {@code delay}. */
    record Schedule(StatusCheck check, Duration delay) implements Output {
        public Schedule {
            Objects.requireNonNull(check, "check");
            Objects.requireNonNull(delay, "delay");
        }
    }
}
