package io.cmkworker.pipeline;

import io.cmkworker.config.Durations;
import io.cmkworker.domain.Decision;
import io.cmkworker.domain.JobStatus;
import io.cmkworker.domain.KeyIdentifier;
import io.cmkworker.domain.OnboardingPolicy;
import io.cmkworker.domain.Region;
import io.cmkworker.domain.Verdict;
import io.cmkworker.domain.Violation;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import io.cmkworker.platform.CallAbandonedException;
import io.cmkworker.platform.CallContext;
import io.cmkworker.platform.CallScheduler.Priority;
import io.cmkworker.platform.CircuitOpenException;
import io.cmkworker.platform.CreateResult;
import io.cmkworker.platform.Futures;
import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.PlatformClient;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import io.cmkworker.platform.PlatformModel.NewConfig;
import io.cmkworker.resilience.Failure;
import io.cmkworker.resilience.FailureClassifier;
import io.cmkworker.resilience.InProcessRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs one step of an onboarding and says what to publish next. Every step is safe to repeat: the
 * configuration is looked up by name before it is created, so a request processed again after a
 * crash never POSTs twice.
 *
 * <pre>
 * request --validate--> REJECTED
 *         --SUBMIT----> GET by name --found--> (as STATUS)
 *                                   --404----> POST --> STATUS later
 * STATUS  --GET-------> COMPLETED | FAILED       --> outcome
 *                       NEW | RUNNING | UPDATE_.. --> STATUS later, or TIMED_OUT past the deadline
 * a call fails: retriable --> quick retries of the whole step in process (InProcessRetry), then the
 *              same step later through Kafka (retry backoff) until the deadline; else ERROR
 * a POST gets no answer or a 5xx: it may have worked, so it is never repeated at once: STATUS checks
 *              follow, and only after MAX_NOT_FOUND of them (spread over the retry backoff) find
 *              nothing is the step submitted again
 * </pre>
 */
public final class OnboardingProcessor implements Steps {

    /** A STATUS check that finds no configuration this many times in a row ends ERROR (read-after-write lag is shorter). */
    static final int MAX_NOT_FOUND = 3;

    private final PlatformClient platform;
    private final OnboardingPolicy policy;
    private final RequestValidator validator;
    private final FailureClassifier classifier;
    private final InProcessRetry retry;
    private final Clock clock;

    public OnboardingProcessor(PlatformClient platform, OnboardingPolicy policy, RequestValidator validator,
                               FailureClassifier classifier, InProcessRetry retry, Clock clock) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new request: validate it, then submit it. */
    @Override
    public CompletableFuture<List<Output>> onRequest(OnboardingRequest request, Lease lease) {
        Instant now = clock.instant();
        if (!RequestValidator.answerable(request)) {
            return done(new Output.DeadLetter("the request has no usable requestId or orgId (present, at most "
                    + RequestValidator.MAX_ID_LENGTH + " characters), so no outcome can be addressed to it"));
        }
        List<Violation> violations = validator.validate(request, now);
        if (!violations.isEmpty()) {
            RequestLog.info(request.getRequestId(), request.getOrgId(), "REJECTED: {} problem(s), first {}: {}",
                    violations.size(), violations.get(0).field(), violations.get(0).rule());
            return done(new Output.Publish(Outcomes.rejected(request, violations, now)));
        }
        Instant deadline = policy.deadline(request.getRequestedAt(), request.getDeadline());
        StatusCheck state = StatusCheck.newBuilder()
                .setRequestId(request.getRequestId())
                .setOrgId(request.getOrgId())
                .setRegion(request.getRegion())
                .setConfigName(request.getConfigName())
                .setProvider(request.getProvider())
                .setKeyVaultKeyIdentifier(request.getKeyVaultKeyIdentifier())
                .setCredentialRef(request.getCredentialRef())
                .setStep(Step.SUBMIT)
                .setAttempt(0)
                .setFailures(0)
                .setDueAt(now)
                .setDeadline(deadline)
                .setStartedAt(now)
                .setCallsMade(0)
                .setMetadata(request.getMetadata())
                .build();
        if (policy.expired(deadline, now)) {
            return finish(state, Verdict.TIMED_OUT, "the deadline " + deadline
                    + " had passed when the worker took the request; nothing was sent to the Platform", null, now);
        }
        return submit(state, CallContext.of(Priority.NEW, lease::active), lease);
    }

    /** A delayed step that is now due: it belongs to work already admitted, so its calls go first. */
    @Override
    public CompletableFuture<List<Output>> onCheck(StatusCheck check, Lease lease) {
        CallContext context = CallContext.due(Priority.ADMITTED, lease::active, check.getDueAt());
        return check.getStep() == Step.SUBMIT ? submit(check, context, lease) : status(check, context);
    }

    private CompletableFuture<List<Output>> submit(StatusCheck state, CallContext context, Lease lease) {
        return retry.run("submit", () -> submitOnce(state, context, lease))
                .exceptionally(error -> afterFailure(state, error));
    }

    /** Looks the configuration up and creates it only if absent: safe to repeat after any failure. */
    private CompletableFuture<List<Output>> submitOnce(StatusCheck state, CallContext context, Lease lease) {
        OrgTarget target = target(state);
        return platform.findConfig(target, state.getConfigName(), context)
                .whenComplete((found, error) -> countCall(state, error))
                .thenCompose(found -> {
                    if (found.isPresent()) {
                        RequestLog.info(state.getRequestId(), state.getOrgId(), "configuration '{}' exists already"
                                + " (status {}); following it, no POST", state.getConfigName(), found.get().status());
                        state.setAttempt(0);
                        return CompletableFuture.completedFuture(afterStatus(state, found.get()));
                    }
                    if (!lease.active()) {
                        throw new LeaseLostException();
                    }
                    NewConfig body = NewConfig.byok(state.getConfigName(), state.getOrgId(),
                            state.getKeyVaultKeyIdentifier());
                    // The lease is asked again at the last moment, after any wait for a token, the rate limit
                    // or a free slot: a POST never leaves after its partition went to another owner.
                    return platform.createConfig(target, body, context).handle((result, error) -> {
                        countCall(state, error);
                        if (error == null) {
                            return afterCreate(state, result);
                        }
                        Throwable cause = Futures.unwrap(error);
                        if (cause instanceof PlatformCallException call
                                && (call.noResponse() || call.status() >= 500)) {
                            return afterUnconfirmedPost(state, call.getMessage());
                        }
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    });
                });
    }

    private CompletableFuture<List<Output>> status(StatusCheck state, CallContext context) {
        return retry.run("status", () -> platform.findConfig(target(state), state.getConfigName(), context)
                        .whenComplete((found, error) -> countCall(state, error)))
                .thenApply(found -> {
                    if (found.isEmpty()) {
                        return notFound(state);
                    }
                    return afterStatus(state, found.get());
                })
                .exceptionally(error -> afterFailure(state, error));
    }

    private List<Output> afterCreate(StatusCheck state, CreateResult result) {
        if (result instanceof CreateResult.Created created) {
            state.setConfigId(created.job().id());
        }
        // Created, or 409 (it exists: another attempt got there first): follow its status either way.
        RequestLog.info(state.getRequestId(), state.getOrgId(), result instanceof CreateResult.Created
                ? "configuration '{}' created; first status check in {}"
                : "configuration '{}' already exists (409); following its status, first check in {}",
                state.getConfigName(), Durations.format(policy.firstCheckDelay()));
        toStatus(state, false, null);
        return List.of(new Output.Schedule(state, policy.firstCheckDelay()));
    }

    /** The POST's answer was lost: it may have created the configuration, so look (soon) before posting again. */
    private List<Output> afterUnconfirmedPost(StatusCheck state, String error) {
        RequestLog.warn(state.getRequestId(), state.getOrgId(), "the POST got no answer ({}); it may have worked,"
                + " so the configuration is looked for in {} before any new POST", error, Durations.format(policy.firstLookAfterLostPost()));
        toStatus(state, true, error);
        return List.of(new Output.Schedule(state, policy.firstLookAfterLostPost()));
    }

    private static void toStatus(StatusCheck state, boolean postUnconfirmed, String lastError) {
        state.setStep(Step.STATUS);
        state.setAttempt(0);
        state.setFailures(0);
        state.setNotFound(0);
        state.setPostUnconfirmed(postUnconfirmed);
        state.setLastError(lastError);
    }

    private List<Output> afterStatus(StatusCheck state, ConfigStatus found) {
        Instant now = clock.instant();
        Optional<String> conflict = keyConflict(state, found);
        if (conflict.isPresent()) {
            return finishNow(state, Verdict.ERROR, conflict.get(), found, now);
        }
        if (found.id() != null) {
            state.setConfigId(found.id());
        }
        int checksDone = state.getAttempt() + 1;
        state.setStep(Step.STATUS);
        state.setAttempt(checksDone);
        state.setFailures(0);
        state.setNotFound(0);
        state.setPostUnconfirmed(false);
        state.setLastError(null);
        Decision decision = policy.afterStatus(JobStatus.parse(found.status()), checksDone, state.getDeadline(), now);
        if (decision instanceof Decision.Finish finish) {
            return finishNow(state, finish.verdict(), finish.reason(), found, now);
        }
        RequestLog.debug(state.getRequestId(), state.getOrgId(), "status {} after {} check(s); next in {}",
                found.status(), checksDone, Durations.format(((Decision.Later) decision).delay()));
        return List.of(new Output.Schedule(state, ((Decision.Later) decision).delay()));
    }

    /**
     * A STATUS check found no configuration. The Platform may lag behind a POST, so a few misses in a
     * row (spread over the retry backoff) are expected. After {@link #MAX_NOT_FOUND}: a POST whose answer
     * was lost evidently did not create it, so the step is submitted again; a POST that was answered
     * created it, so its disappearance is an ERROR.
     */
    private List<Output> notFound(StatusCheck state) {
        Instant now = clock.instant();
        int misses = state.getNotFound() + 1;
        if (misses >= MAX_NOT_FOUND && !state.getPostUnconfirmed()) {
            return finishNow(state, Verdict.ERROR, "the configuration '" + state.getConfigName()
                    + "' was submitted but the Platform has not found it in " + misses + " status checks", null, now);
        }
        String reason = "the configuration is not visible yet (404 " + misses + " times)";
        Decision decision = policy.afterMiss(reason, misses, state.getDeadline(), now);
        if (decision instanceof Decision.Finish finish) {
            return finishNow(state, finish.verdict(), finish.reason(), null, now);
        }
        if (misses >= MAX_NOT_FOUND) {
            state.setStep(Step.SUBMIT);
            state.setPostUnconfirmed(false);
            state.setNotFound(0);
        } else {
            state.setNotFound(misses);
        }
        state.setLastError(reason);
        return List.of(new Output.Schedule(state, ((Decision.Later) decision).delay()));
    }

    private List<Output> afterFailure(StatusCheck state, Throwable error) {
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof LeaseLostException lost) {
            throw lost;
        }
        if (cause instanceof CallAbandonedException) {
            throw new LeaseLostException();
        }
        if (cause instanceof CircuitOpenException open) {
            return heldByBreaker(state, open);
        }
        Failure failure = classifier.classify(error);
        if (!failure.retriable()) {
            return finishNow(state, Verdict.ERROR, failure.reason(), null, clock.instant());
        }
        return retryLater(state, state.getFailures() + 1, failure.reason(), failure.retryAfter());
    }

    /**
     * The host's breaker refused the call: not a failure of this step. It goes again when the breaker lets calls
     * through, so when the host is back, the steps it held go at once (paced by the rate limit), instead of
     * sleeping out a backoff that grew while the host was down.
     */
    private List<Output> heldByBreaker(StatusCheck state, CircuitOpenException open) {
        Instant now = clock.instant();
        Decision decision = policy.afterHeld(open.getMessage(), open.reopensIn(), state.getDeadline(), now);
        if (decision instanceof Decision.Finish finish) {
            return finishNow(state, finish.verdict(), finish.reason(), null, now);
        }
        if (state.getLastError() == null) {
            state.setLastError(open.getMessage());
        }
        return List.of(new Output.Schedule(state, ((Decision.Later) decision).delay()));
    }

    private List<Output> retryLater(StatusCheck state, int failures, String reason, Optional<Duration> retryAfter) {
        Instant now = clock.instant();
        Decision decision = policy.afterRetriableFailure(reason, failures, state.getDeadline(), now);
        if (decision instanceof Decision.Finish finish) {
            return finishNow(state, finish.verdict(), finish.reason(), null, now);
        }
        Duration delay = ((Decision.Later) decision).delay();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            Duration untilDeadline = Duration.between(now, state.getDeadline());
            delay = retryAfter.get().compareTo(untilDeadline) < 0 ? retryAfter.get() : untilDeadline;
        }
        state.setFailures(failures);
        state.setLastError(reason);
        RequestLog.warn(state.getRequestId(), state.getOrgId(), "{}; {} step tried again in {} (failure {})",
                reason, state.getStep(), Durations.format(delay), failures);
        return List.of(new Output.Schedule(state, delay));
    }

    /**
     * The outcome of a step that failed in a way this worker did not foresee (a defect): it still ends
     * with an answer, ERROR, so the request is not left without one.
     */
    @Override
    public List<Output> onDefect(StatusCheck state, Throwable defect) {
        return finishNow(state, Verdict.ERROR, "internal error in the worker: " + defect.getClass().getSimpleName()
                + "; the request was not completed (see the worker's log)", null, clock.instant());
    }

    private Optional<String> keyConflict(StatusCheck state, ConfigStatus found) {
        String existing = found.configData() == null ? null : found.configData().keyVaultKeyIdentifier();
        Optional<KeyIdentifier> wanted = KeyIdentifier.parse(state.getKeyVaultKeyIdentifier());
        Optional<KeyIdentifier> have = KeyIdentifier.parse(existing);
        if (wanted.isPresent() && have.isPresent() && !wanted.get().sameKeyAs(have.get())) {
            return Optional.of("a configuration named '" + state.getConfigName() + "' already exists for this"
                    + " organisation with another key (" + have.get().vaultHost() + ", key " + have.get().keyName()
                    + "); choose another configName");
        }
        return Optional.empty();
    }

    private CompletableFuture<List<Output>> finish(StatusCheck state, Verdict verdict, String reason,
                                                   ConfigStatus found, Instant now) {
        return CompletableFuture.completedFuture(finishNow(state, verdict, reason, found, now));
    }

    private static List<Output> finishNow(StatusCheck state, Verdict verdict, String reason, ConfigStatus found,
                                          Instant now) {
        RequestLog.info(state.getRequestId(), state.getOrgId(), "{} after {} call(s): {}", verdict,
                state.getCallsMade(), reason);
        return List.of(new Output.Publish(Outcomes.finished(state, verdict, reason, found, now)));
    }

    private static OrgTarget target(StatusCheck state) {
        Region region = Region.find(state.getRegion()).orElseThrow(
                () -> new IllegalStateException("unknown region in a validated step: " + state.getRegion()));
        return new OrgTarget(state.getOrgId(), region, state.getCredentialRef());
    }

    /** Counts a call that was made (one the circuit breaker refused was not). */
    private static void countCall(StatusCheck state, Throwable error) {
        Throwable cause = error == null ? null : Futures.unwrap(error);
        if (!(cause instanceof CircuitOpenException) && !(cause instanceof CallAbandonedException)) {
            state.setCallsMade(state.getCallsMade() + 1);
        }
    }

    private static CompletableFuture<List<Output>> done(Output output) {
        return CompletableFuture.completedFuture(List.of(output));
    }
}
