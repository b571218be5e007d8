package io.cmkworker.platform;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Who a call is for: its place in the queues ({@link CallScheduler.Priority}), and whether it may still
 * go out at the moment it would ({@code mayProceed}, asked again just before it goes on the wire; when
 * it says no the call fails with {@link CallAbandonedException} and nothing is sent).
 */
public record CallContext(CallScheduler.Priority priority, BooleanSupplier mayProceed) {

    /** A call for a tool or test that owns its work outright. */
    public static final CallContext ANY = new CallContext(CallScheduler.Priority.ADMITTED, () -> true);

    public CallContext {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(mayProceed, "mayProceed");
    }
}
