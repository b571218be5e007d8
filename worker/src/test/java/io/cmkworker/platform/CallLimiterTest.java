package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CallLimiterTest {

    private static final Executor DIRECT = Runnable::run;

    private final List<String> started = new CopyOnWriteArrayList<>();

    @Test
    void neverRunsMoreThanTheLimitAtOnce() {
        CallLimiter limiter = new CallLimiter(2, DIRECT);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(new CompletableFuture<>());
        }

        for (int i = 0; i < 5; i++) {
            limiter.submit(call("c" + i, calls.get(i)));
        }

        assertThat(started).containsExactly("c0", "c1");
        assertThat(limiter.inFlight()).isEqualTo(2);
        assertThat(limiter.waiting()).isEqualTo(3);
    }

    @Test
    void startsWaitingCallsInTheOrderTheyCame() {
        CallLimiter limiter = new CallLimiter(1, DIRECT);
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(new CompletableFuture<>());
            limiter.submit(call("c" + i, calls.get(i)));
        }

        for (int i = 0; i < 4; i++) {
            assertThat(started).hasSize(i + 1).last().isEqualTo("c" + i);
            calls.get(i).complete("r" + i);
        }

        assertThat(started).containsExactly("c0", "c1", "c2", "c3");
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.waiting()).isZero();
    }

    @Test
    void resultOfTheCallReachesTheCaller() {
        CallLimiter limiter = new CallLimiter(1, DIRECT);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();

        CompletableFuture<String> r1 = limiter.submit(call("c1", first));
        CompletableFuture<String> r2 = limiter.submit(call("c2", second));
        assertThat(r2).isNotDone();
        first.complete("one");
        second.complete("two");

        assertThat(r1).isCompletedWithValue("one");
        assertThat(r2).isCompletedWithValue("two");
    }

    @Test
    void failedCallReleasesItsSlotAndFailsItsCaller() {
        CallLimiter limiter = new CallLimiter(1, DIRECT);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        IllegalStateException boom = new IllegalStateException("connection reset");

        CompletableFuture<String> r1 = limiter.submit(call("c1", first));
        limiter.submit(call("c2", second));
        first.completeExceptionally(boom);

        assertThat(started).containsExactly("c1", "c2");
        assertThat(causeOf(r1)).isSameAs(boom);
        second.complete("ok");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void supplierThatThrowsBecomesAFailedFutureAndFreesTheSlot() {
        CallLimiter limiter = new CallLimiter(1, DIRECT);
        IllegalArgumentException boom = new IllegalArgumentException("bad URL");

        CompletableFuture<String> r1 = limiter.submit(() -> {
            throw boom;
        });

        assertThat(r1).isCompletedExceptionally();
        assertThat(causeOf(r1)).isSameAs(boom);
        assertThat(limiter.inFlight()).isZero();
        assertThat(limiter.submit(() -> CompletableFuture.completedFuture("next"))).isCompletedWithValue("next");
    }

    @Test
    void waitingSupplierThatThrowsFailsOnlyItselfAndTheNextCallStarts() {
        CallLimiter limiter = new CallLimiter(1, DIRECT);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> third = new CompletableFuture<>();

        limiter.submit(call("c1", first));
        CompletableFuture<String> r2 = limiter.submit(() -> {
            started.add("c2");
            throw new IllegalStateException("no token");
        });
        limiter.submit(call("c3", third));
        first.complete("ok");

        assertThat(r2).isCompletedExceptionally();
        assertThat(started).containsExactly("c1", "c2", "c3");
        third.complete("ok");
        assertThat(limiter.inFlight()).isZero();
    }

    @Test
    void waitingCallsStartOnTheExecutorNotOnTheCompletingThread() {
        List<Runnable> handedOver = new ArrayList<>();
        CallLimiter limiter = new CallLimiter(1, handedOver::add);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();

        limiter.submit(call("c1", first));
        limiter.submit(call("c2", second));
        first.complete("ok");

        assertThat(started).containsExactly("c1");
        assertThat(handedOver).hasSize(1);
        assertThat(limiter.inFlight()).as("the slot passes to the waiting call").isEqualTo(1);
        handedOver.get(0).run();
        assertThat(started).containsExactly("c1", "c2");
    }

    @Test
    void completionsFromManyThreadsNeverExceedTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            int limit = 4;
            CallLimiter limiter = new CallLimiter(limit, pool);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                results.add(limiter.submit(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    CompletableFuture<Integer> done = new CompletableFuture<>();
                    pool.execute(() -> {
                        running.decrementAndGet();
                        done.complete(n);
                    });
                    return done;
                }));
            }

            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertThat(maxRunning.get()).isBetween(1, limit);
            assertThat(limiter.inFlight()).isZero();
            assertThat(limiter.waiting()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> new CallLimiter(0, DIRECT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxInFlight must be at least 1, was 0");
    }

    private <T> Supplier<CompletableFuture<T>> call(String name, CompletableFuture<T> future) {
        return () -> {
            started.add(name);
            return future;
        };
    }

    private static Throwable causeOf(CompletableFuture<?> future) {
        try {
            future.get(0, TimeUnit.SECONDS);
            throw new AssertionError("expected a failed future");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
