package io.cmkworker.platform;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * Told about every HTTP call, every wait for one, and every guard event, for metrics. Implementations
 * must be quick and thread-safe; each method does nothing unless overridden.
 */
public interface CallObserver {

    /**
     * A call ended: {@code status} is the HTTP status, 0 when no response came, -1 when the breaker refused it;
     * {@code took} is the time on the wire (zero when refused).
     */
    default void called(PlatformOperation operation, int status, Duration took) {
    }

    /** A call started after waiting {@code waited} in the scheduler's queue (bulkhead, rate limit, priorities). */
    default void started(CallScheduler.Priority priority, Duration waited) {
    }

    /** The first call of a due step went on the wire {@code late} after the step was due (negative: early). */
    default void lateness(Duration late) {
    }

    /** A host's circuit breaker changed state, for example CLOSED to OPEN. */
    default void breakerTransition(String guard, String from, String to) {
    }

    /** A host's circuit breaker exists; {@code state} reads it: 0 closed, 1 half-open, 2 open. */
    default void breaker(String guard, IntSupplier state) {
    }

    /** A host's lane exists; {@code rate} reads the most calls a second it may be sent now. */
    default void lane(String lane, DoubleSupplier rate) {
    }

    /** A host answered with so many 429s that its lane's rate was cut. */
    default void rateCut(String lane) {
    }

    CallObserver NONE = new CallObserver() {
    };
}
