package io.cmkworker.resilience;

import io.cmkworker.platform.CircuitOpenException;
import io.cmkworker.platform.Futures;
import io.cmkworker.platform.HttpStatuses;
import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.UnknownCredentialException;
import java.util.Optional;

/**
 * Decides, once, which call failures are worth trying again. Retriable: no response (connection
 * refused, timeout), 429 and 500/502/503/504 ({@link HttpStatuses}), and a host whose circuit
 * breaker is open. Anything else means the request itself is wrong and ends it: other 4xx (400, 403,
 * 404 on a POST, 422, a second 401 after a fresh token), a credential IMS refuses, an unknown
 * credential, a defect.
 */
public final class FailureClassifier {

    public Failure classify(Throwable error) {
        Throwable e = Futures.unwrap(error);
        if (e instanceof PlatformCallException call) {
            boolean retriable = call.noResponse() || HttpStatuses.isHostFailure(call.status());
            return new Failure(retriable, call.getMessage(), call.retryAfter());
        }
        if (e instanceof CircuitOpenException) {
            return new Failure(true, e.getMessage(), Optional.empty());
        }
        if (e instanceof UnknownCredentialException) {
            return new Failure(false, e.getMessage(), Optional.empty());
        }
        return new Failure(false, "internal error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), Optional.empty());
    }
}
