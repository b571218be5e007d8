package io.cmkworker.platform;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A Platform or IMS call that did not succeed: either an HTTP status other than success
 * ({@link #status()} &gt; 0) or no answer at all ({@link #status()} == 0: connection refused, timeout).
 * The message names the operation and what came back; it never contains a token or a secret.
 */
public final class PlatformCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final PlatformOperation operation;
    private final int status;
    private final transient PlatformError error;
    private final transient Duration retryAfter;

    public PlatformCallException(PlatformOperation operation, int status, PlatformError error, Duration retryAfter,
                                 Throwable cause) {
        super(describe(operation, status, error, cause), cause);
        this.operation = Objects.requireNonNull(operation, "operation");
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public PlatformOperation operation() {
        return operation;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    public Optional<PlatformError> error() {
        return Optional.ofNullable(error);
    }

    /** The delay the server asked for in a {@code Retry-After} header, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean noResponse() {
        return status == 0;
    }

    private static String describe(PlatformOperation operation, int status, PlatformError error, Throwable cause) {
        if (status == 0) {
            String why = cause == null ? "no response" : cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return operation.description() + " got no response (" + why + ")";
        }
        return operation.description() + " answered HTTP " + status + (error == null ? "" : " (" + error + ")");
    }
}
