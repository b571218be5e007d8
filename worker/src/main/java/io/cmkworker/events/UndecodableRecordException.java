package io.cmkworker.events;

/** The bytes of a record are not an event this worker can read. Never retried: the record is a dead letter. */
public final class UndecodableRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
