package io.cmkworker.pipeline;

import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.StatusCheck;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The onboarding steps as the Kafka adapter sees them: a record in, what to publish out. The futures
 * fail only with {@link LeaseLostException}, when the record's work may no longer go on in this instance.
 */
public interface Steps {

    /**
     * True if a request carries what an outcome needs (its organisation and request ID): only such a request can
     * be looked up in the ledger and answered; any other is refused by {@link #onRequest} without one.
     */
    default boolean answerable(OnboardingRequest request) {
        return RequestValidator.answerable(request);
    }

    /** A new request: validate it, then submit it. */
    CompletableFuture<List<Output>> onRequest(OnboardingRequest request, Lease lease);

    /** A delayed step that is now due. */
    CompletableFuture<List<Output>> onCheck(StatusCheck check, Lease lease);

    /** The answer for a delayed step that failed in a way nobody foresaw (a defect): it still ends its request. */
    List<Output> onDefect(StatusCheck check, Throwable defect);
}
