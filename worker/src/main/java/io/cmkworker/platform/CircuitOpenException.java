package io.cmkworker.platform;

/** A call was not made because the host's circuit breaker is open: it failed too often lately. */
public final class CircuitOpenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient java.time.Duration reopensIn;

    /** @param reopensIn how long until the breaker lets trial calls through again */
    public CircuitOpenException(String guard, java.time.Duration reopensIn) {
        super("calls to " + guard + " are suspended: its circuit breaker is open after repeated failures", null, false,
                false);
        this.reopensIn = reopensIn;
    }

    /** How long until the breaker lets trial calls through again. */
    public java.time.Duration reopensIn() {
        return reopensIn;
    }
}
