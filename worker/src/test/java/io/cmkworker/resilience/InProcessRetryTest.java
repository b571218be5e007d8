package io.cmkworker.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.ManualScheduler;
import io.cmkworker.config.RetrySettings;
import io.cmkworker.platform.CircuitOpenException;
import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.PlatformError;
import io.cmkworker.platform.PlatformOperation;
import io.cmkworker.pipeline.LeaseLostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Quick retries wait on an injected scheduler: each wait is asserted exactly, nothing sleeps. */
class InProcessRetryTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> retried = new ArrayList<>();
    private final InProcessRetry retry = new InProcessRetry(
            new RetrySettings(3, Duration.ofMillis(250), Duration.ofSeconds(2), 0.5), new FailureClassifier(),
            scheduler, () -> 0.5, retried::add);

    private static PlatformCallException status(int status, Duration retryAfter) {
        return new PlatformCallException(PlatformOperation.GET_CONFIG, status, new PlatformError("", "x"), retryAfter,
                null);
    }

    /** A step that fails with each of {@code failures} in turn, then succeeds. */
    private static Supplier<CompletableFuture<String>> failing(List<RuntimeException> failures, List<Integer> calls) {
        Deque<RuntimeException> left = new ArrayDeque<>(failures);
        return () -> {
            calls.add(calls.size() + 1);
            RuntimeException next = left.poll();
            return next == null ? CompletableFuture.completedFuture("done") : CompletableFuture.failedFuture(next);
        };
    }

    private static void runAll(ManualScheduler scheduler) {
        while (scheduler.runNext()) {
            // each run may schedule the next retry
        }
    }

    @Test
    void retriesA503After250msThen500msAndSucceeds() {
        List<Integer> calls = new ArrayList<>();
        CompletableFuture<String> result = retry.run("status", failing(List.of(status(503, null), status(502, null)), calls));
        runAll(scheduler);

        assertThat(result).isCompletedWithValue("done");
        assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(calls).hasSize(3);
        assertThat(retried).containsExactly("status", "status");
    }

    @Test
    void honoursRetryAfterExactly() {
        List<Integer> calls = new ArrayList<>();
        CompletableFuture<String> result = retry.run("submit",
                failing(List.of(status(429, Duration.ofSeconds(1))), calls));
        runAll(scheduler);

        assertThat(result).isCompletedWithValue("done");
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void leavesARetryAfterLongerThanTheInProcessBudgetToKafka() {
        List<Integer> calls = new ArrayList<>();
        CompletableFuture<String> result = retry.run("submit",
                failing(List.of(status(429, Duration.ofSeconds(30))), calls));

        assertThat(result).isCompletedExceptionally();
        assertThat(scheduler.delays()).isEmpty();
        assertThat(calls).hasSize(1);
    }

    @Test
    void givesUpAfterThreeTriesWithTheLastFailure() {
        List<Integer> calls = new ArrayList<>();
        CompletableFuture<String> result = retry.run("status",
                failing(List.of(status(503, null), status(503, null), status(504, null), status(503, null)), calls));
        runAll(scheduler);

        assertThat(calls).hasSize(3);
        assertThat(result).failsWithin(Duration.ZERO).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(PlatformCallException.class).withMessageContaining("504");
    }

    @Test
    void doesNotRetryWhatRetryingCannotFix() {
        for (RuntimeException terminal : List.of(status(400, null), status(401, null), status(403, null),
                status(404, null), status(422, null), new CircuitOpenException("platform:example", java.time.Duration.ofSeconds(5)),
                new LeaseLostException())) {
            List<Integer> calls = new ArrayList<>();
            CompletableFuture<String> result = retry.run("submit", failing(List.of(terminal), calls));

            assertThat(result).as(terminal.toString()).isCompletedExceptionally();
            assertThat(calls).as(terminal.toString()).hasSize(1);
        }
        assertThat(scheduler.delays()).isEmpty();
    }

    @Test
    void retriesACallThatGotNoResponse() {
        List<Integer> calls = new ArrayList<>();
        PlatformCallException noResponse = new PlatformCallException(PlatformOperation.CREATE_CONFIG, 0, null, null,
                new java.net.ConnectException("refused"));
        CompletableFuture<String> result = retry.run("submit", failing(List.of(noResponse), calls));
        runAll(scheduler);

        assertThat(result).isCompletedWithValue("done");
        assertThat(calls).hasSize(2);
    }

    @Test
    void unwrapsCompletionExceptions() {
        List<Integer> calls = new ArrayList<>();
        CompletableFuture<String> result = retry.run("status",
                failing(List.of(new CompletionException(status(500, null))), calls));
        runAll(scheduler);

        assertThat(result).isCompletedWithValue("done");
    }
}
