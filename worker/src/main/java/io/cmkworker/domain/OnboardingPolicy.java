package io.cmkworker.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides what happens after each step of an onboarding. Pure: every input, the current time
 * included, is a parameter, so the whole state machine is tested without sleeping.
 */
public final class OnboardingPolicy {

    private final BackoffSchedule checkBackoff;
    private final BackoffSchedule retryBackoff;
    private final BackoffSchedule lostPostBackoff;
    private final Duration defaultDeadline;

    /**
     * @param checkBackoff delays between status checks of a running job
     * @param retryBackoff delays before a failed call (Platform or IMS unreachable) is tried again
     * @param defaultDeadline how long after it was requested an onboarding may take, when the request
     *     names no deadline of its own
     */
    public OnboardingPolicy(BackoffSchedule checkBackoff, BackoffSchedule retryBackoff, Duration defaultDeadline) {
        this(checkBackoff, retryBackoff, retryBackoff, defaultDeadline);
    }

    /**
     * @param lostPostBackoff delays between the checks that look for a configuration the Platform does not
     *     show yet (a POST whose answer was lost, or one just created)
     */
    public OnboardingPolicy(BackoffSchedule checkBackoff, BackoffSchedule retryBackoff, BackoffSchedule lostPostBackoff,
                            Duration defaultDeadline) {
        this.checkBackoff = Objects.requireNonNull(checkBackoff, "checkBackoff");
        this.retryBackoff = Objects.requireNonNull(retryBackoff, "retryBackoff");
        this.lostPostBackoff = Objects.requireNonNull(lostPostBackoff, "lostPostBackoff");
        if (defaultDeadline == null || defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("defaultDeadline must be positive, was " + defaultDeadline);
        }
        this.defaultDeadline = defaultDeadline;
    }

    /** The instant after which the onboarding ends {@link Verdict#TIMED_OUT}. */
    public Instant deadline(Instant requestedAt, Instant requestedDeadline) {
        return requestedDeadline != null ? requestedDeadline : requestedAt.plus(defaultDeadline);
    }

    /** How long after the configuration is submitted its first status check runs. */
    public Duration firstCheckDelay() {
        return checkBackoff.delayAfter(0);
    }

    /**
     * After a status check that returned {@code status}, this being check number {@code checksDone}
     * (1 for the first check). Check n+1 runs {@code checkBackoff[n]} after check n.
     */
    public Decision afterStatus(JobStatus status, int checksDone, Instant deadline, Instant now) {
        switch (status) {
            case COMPLETED:
                return new Decision.Finish(Verdict.COMPLETED,
                        "the Platform completed the configuration: the key vault and key are in use");
            case FAILED:
                return new Decision.Finish(Verdict.FAILED,
                        "the Platform reported FAILED: check the key, the key vault (soft-delete, purge protection,"
                                + " RBAC) and that the CMK app is consented and holds the role"
                                + " 'Key Vault Crypto Service Encryption User'");
            default:
                if (!now.isBefore(deadline)) {
                    return new Decision.Finish(Verdict.TIMED_OUT, "the deadline " + deadline
                            + " passed while the job was still " + status + " after " + checksDone + " status checks");
                }
                return new Decision.Later(cutToDeadline(checkBackoff.delayAfter(checksDone), deadline, now));
        }
    }

    /**
     * After a call that failed in a way worth trying again later (Platform or IMS unreachable,
     * overloaded); {@code attempt} counts the failures of this step so far, from 1.
     */
    public Decision afterRetriableFailure(String error, int attempt, Instant deadline, Instant now) {
        if (!now.isBefore(deadline)) {
            return new Decision.Finish(Verdict.TIMED_OUT,
                    "the deadline " + deadline + " passed after " + attempt + " failed attempts; last error: " + error);
        }
        return new Decision.Later(cutToDeadline(retryBackoff.delayAfter(attempt - 1), deadline, now));
    }

    /** How long after a POST whose answer was lost the first check looks for its configuration. */
    public Duration firstLookAfterLostPost() {
        return lostPostBackoff.delayAfter(0);
    }

    /**
     * After check number {@code misses} (from 1) found no configuration where one should be: look again after
     * the lost-POST schedule, or give up at the deadline.
     */
    public Decision afterMiss(String reason, int misses, Instant deadline, Instant now) {
        if (!now.isBefore(deadline)) {
            return new Decision.Finish(Verdict.TIMED_OUT,
                    "the deadline " + deadline + " passed after " + misses + " checks; last: " + reason);
        }
        return new Decision.Later(cutToDeadline(lostPostBackoff.delayAfter(misses), deadline, now));
    }

    /**
     * A step was held back without a call (its host's circuit breaker is open) until {@code reopensIn}: it does
     * not count as a failure, and goes again as soon as the host may be called, or ends at the deadline.
     */
    public Decision afterHeld(String reason, Duration reopensIn, Instant deadline, Instant now) {
        if (!now.isBefore(deadline)) {
            return new Decision.Finish(Verdict.TIMED_OUT, "the deadline " + deadline + " passed; last error: " + reason);
        }
        return new Decision.Later(cutToDeadline(reopensIn, deadline, now));
    }

    /** Whether an onboarding that has not started yet is already past its deadline. */
    public boolean expired(Instant deadline, Instant now) {
        return !now.isBefore(deadline);
    }

    private static Duration cutToDeadline(Duration delay, Instant deadline, Instant now) {
        Duration left = Duration.between(now, deadline);
        return delay.compareTo(left) <= 0 ? delay : left;
    }
}
