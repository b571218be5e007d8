package io.cmkworker.submit;

import io.cmkworker.events.OnboardingOutcome;
import java.util.Objects;
import java.util.Set;

/**
 * One row of a results file: an organisation, the request ID it was sent with, and how it ended. Besides
 * the outcome statuses, {@link #INVALID} marks a line that was not published (it broke a rule, see
 * {@code reason}) and {@link #PENDING} one whose outcome had not arrived when {@code submit} stopped waiting.
 *
 * @param startedAt when the worker took the request (ISO-8601), empty without an outcome
 */
public record Result(Org org, String requestId, String status, boolean replay, String jobStatus, String reason,
                     String hint, String startedAt, String finishedAt) {

    public static final String COMPLETED = "COMPLETED";
    public static final String INVALID = "INVALID";
    public static final String PENDING = "PENDING";
    /** The statuses {@code --retry} resubmits: the Platform or the deadline ended them, not the input. */
    public static final Set<String> RETRIED = Set.of("FAILED", "ERROR", "TIMED_OUT");

    public Result {
        Objects.requireNonNull(org, "org");
        requestId = requestId == null ? "" : requestId;
        Objects.requireNonNull(status, "status");
        jobStatus = jobStatus == null ? "" : jobStatus;
        reason = reason == null ? "" : reason;
        hint = hint == null ? "" : hint;
        startedAt = startedAt == null ? "" : startedAt;
        finishedAt = finishedAt == null ? "" : finishedAt;
    }

    static Result of(Org org, OnboardingOutcome outcome) {
        return new Result(org, outcome.getRequestId(), outcome.getStatus().name(), outcome.getReplay(),
                outcome.getPlatform() == null ? null : outcome.getPlatform().getJobStatus(), outcome.getReason(),
                outcome.getHint(), outcome.getStartedAt().toString(), outcome.getFinishedAt().toString());
    }

    static Result invalid(Org org, String requestId, String reason) {
        return new Result(org, requestId, INVALID, false, null, reason, null, null, null);
    }

    static Result pending(Org org, String requestId) {
        return new Result(org, requestId, PENDING, false, null, "no outcome arrived while submit waited", null, null,
                null);
    }

    public boolean completed() {
        return status.equals(COMPLETED);
    }
}
