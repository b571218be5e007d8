package io.cmkworker.platform;

/** A call was not made because the host's circuit breaker is open: it failed too often lately. */
public final class CircuitOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CircuitOpenException(String guard) {
        super("calls to " + guard + " are suspended: its circuit breaker is open after repeated failures", null, false,
                false);
    }
}
