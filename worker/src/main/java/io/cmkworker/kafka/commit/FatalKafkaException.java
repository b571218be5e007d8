package io.cmkworker.kafka.commit;

/** The producer is fenced, unauthorised or otherwise unusable: this instance must stop, not loop. */
public final class FatalKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FatalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
