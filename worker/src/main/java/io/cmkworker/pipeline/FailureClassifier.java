package io.cmkworker.pipeline;

import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.UnknownCredentialException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Decides, once, which call failures are worth trying again: no response (connection refused,
 * timeout), 429 and 500/502/503/504 are retriable; any other answer means the request itself is wrong
 * and ends it.
 */
public final class FailureClassifier {

    private static final Set<Integer> RETRIABLE_STATUS = Set.of(429, 500, 502, 503, 504);

    public Failure classify(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof PlatformCallException call) {
            boolean retriable = call.noResponse() || RETRIABLE_STATUS.contains(call.status());
            return new Failure(retriable, call.getMessage(), call.retryAfter());
        }
        if (e instanceof UnknownCredentialException) {
            return new Failure(false, e.getMessage(), Optional.empty());
        }
        return new Failure(false, "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), Optional.empty());
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
