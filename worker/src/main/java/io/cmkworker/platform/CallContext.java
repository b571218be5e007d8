package io.cmkworker.platform;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Who the calls of one step are for: their place in the queues ({@link CallScheduler.Priority}); whether
 * they may still go out at the moment they would ({@code mayProceed}, asked again just before a call goes on
 * the wire: when it says no, the call fails with {@link CallAbandonedException} and nothing is sent); and,
 * for a delayed step, when it was due, so its first call can say how late it reached the wire.
 */
public final class CallContext {

    /** Calls for a tool or test that owns its work outright. */
    public static final CallContext ANY = of(CallScheduler.Priority.ADMITTED, () -> true);

    private final CallScheduler.Priority priority;
    private final BooleanSupplier mayProceed;
    private final Instant dueAt;
    private final AtomicBoolean firstCall = new AtomicBoolean(true);

    private CallContext(CallScheduler.Priority priority, BooleanSupplier mayProceed, Instant dueAt) {
        this.priority = Objects.requireNonNull(priority, "priority");
        this.mayProceed = Objects.requireNonNull(mayProceed, "mayProceed");
        this.dueAt = dueAt;
    }

    public static CallContext of(CallScheduler.Priority priority, BooleanSupplier mayProceed) {
        return new CallContext(priority, mayProceed, null);
    }

    /** The calls of a step that was due at {@code dueAt}. */
    public static CallContext due(CallScheduler.Priority priority, BooleanSupplier mayProceed, Instant dueAt) {
        return new CallContext(priority, mayProceed, Objects.requireNonNull(dueAt, "dueAt"));
    }

    public CallScheduler.Priority priority() {
        return priority;
    }

    public BooleanSupplier mayProceed() {
        return mayProceed;
    }

    /** How late the step's first call goes on the wire at {@code now}; empty for any later call, or no due time. */
    Optional<Duration> firstCallLateness(Instant now) {
        if (dueAt == null || !firstCall.compareAndSet(true, false)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(dueAt, now));
    }
}
