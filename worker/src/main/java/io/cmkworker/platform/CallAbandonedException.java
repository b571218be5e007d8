package io.cmkworker.platform;

/** A call was dropped before it was sent, because its caller no longer may make it (its work moved away). */
public final class CallAbandonedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallAbandonedException(String what) {
        super(what + " was not sent: the work it belonged to was handed to another owner", null, false, false);
    }

    public CallAbandonedException(PlatformOperation operation) {
        this(operation.description());
    }
}
