package io.cmkworker.platform;

/** A call was dropped just before it would have been sent, because its caller no longer may make it. */
public final class CallAbandonedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CallAbandonedException(PlatformOperation operation) {
        super(operation.description() + " was not sent: the work it belonged to was handed to another owner", null,
                false, false);
    }
}
