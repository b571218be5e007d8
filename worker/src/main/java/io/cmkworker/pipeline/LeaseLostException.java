package io.cmkworker.pipeline;

/** The partition of a record moved away while it was being processed; its results must not be published. */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException() {
        super("the record's partition was revoked before the POST; another owner will process it", null, false, false);
    }
}
