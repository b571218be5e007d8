package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.ManualScheduler;
import io.cmkworker.platform.CallScheduler.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CallSchedulerTest {

    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ManualScheduler timers = new ManualScheduler();
    private final List<String> started = new ArrayList<>();
    private final List<CompletableFuture<String>> running = new ArrayList<>();

    private CallScheduler scheduler(int maxInFlight, int rate) {
        return new CallScheduler(maxInFlight, rate, timers, Runnable::run, now::get, guard -> null, CallObserver.NONE);
    }

    /** A call that starts (is recorded) and stays on the wire until the test completes it. */
    private CompletableFuture<String> submit(CallScheduler s, String lane, Priority priority, String name) {
        return submit(s, lane, priority, name, () -> true);
    }

    private CompletableFuture<String> submit(CallScheduler s, String lane, Priority priority, String name,
                                             java.util.function.BooleanSupplier mayProceed) {
        return s.submit(lane, priority, mayProceed, () -> {
            started.add(name);
            CompletableFuture<String> call = new CompletableFuture<>();
            running.add(call);
            return call;
        });
    }

    private void finishAll() {
        List<CompletableFuture<String>> now = new ArrayList<>(running);
        running.clear();
        now.forEach(c -> c.complete("ok"));
    }

    /** Lets the timers run as the clock moves on, the way a real scheduler would, until none is left. */
    private void runTimers() {
        while (timers.pending() > 0) {
            Duration delay = timers.delays().get(timers.delays().size() - timers.pending());
            now.addAndGet(delay.toNanos());
            timers.runNext();
        }
    }

    private static void assertAtMostPerSecond(List<Long> times, int limit) {
        for (long from : times) {
            long inWindow = times.stream().filter(t -> t >= from && t < from + 1000 * MS).count();
            assertThat(inWindow).as("calls in the second from %d ms", from / MS).isLessThanOrEqualTo(limit);
        }
    }

    @Test
    void neverHasMoreThanTheBulkheadOnTheWireAndStartsTheNextWhenOneEnds() {
        CallScheduler s = scheduler(2, 1000);
        for (int i = 0; i < 5; i++) {
            submit(s, "platform:a", Priority.ADMITTED, "c" + i);
        }
        assertThat(started).containsExactly("c0", "c1");
        assertThat(s.inFlight()).isEqualTo(2);
        assertThat(s.waiting()).isEqualTo(3);

        running.remove(0).complete("ok");

        assertThat(started).containsExactly("c0", "c1", "c2");
        assertThat(s.inFlight()).isEqualTo(2);
    }

    @Test
    void startsAdmittedWorkBeforeNewSubmissionsThatCameEarlier() {
        CallScheduler s = scheduler(1, 1000);
        submit(s, "platform:a", Priority.ADMITTED, "running");
        submit(s, "platform:a", Priority.NEW, "new-1");
        submit(s, "platform:b", Priority.NEW, "new-2");
        submit(s, "platform:b", Priority.ADMITTED, "check-1");
        submit(s, "ims:x", Priority.TOKEN, "token");
        submit(s, "platform:a", Priority.ADMITTED, "check-2");

        for (int i = 0; i < 5; i++) {
            running.remove(0).complete("ok");
        }

        assertThat(started).containsExactly("running", "token", "check-1", "check-2", "new-1", "new-2");
    }

    @Test
    void neverStartsMoreThanTheRateInAnyOneSecondWindowAndWakesWhenItMay() {
        CallScheduler s = scheduler(100, 5);
        List<Long> startTimes = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
                startTimes.add(now.get());
                return CompletableFuture.completedFuture("ok");
            });
            now.addAndGet(37 * MS);
        }
        runTimers();

        assertThat(startTimes).hasSize(23);
        assertAtMostPerSecond(startTimes, 5);
    }

    @Test
    void countsACallFromWhenItWasHandedToTheClientNotFromWhenItWasChosen() {
        // On a busy machine the thread that sends a call can run well after the call was chosen. The host counts
        // the later time; so must the rate.
        CallScheduler s = scheduler(100, 5);
        List<Long> sentAt = new ArrayList<>();
        s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
            now.addAndGet(900 * MS);
            sentAt.add(now.get());
            return CompletableFuture.completedFuture("ok");
        });
        for (int i = 0; i < 12; i++) {
            s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
                sentAt.add(now.get());
                return CompletableFuture.completedFuture("ok");
            });
        }
        runTimers();

        assertThat(sentAt).hasSize(13);
        assertAtMostPerSecond(sentAt, 5);
    }

    @Test
    void aCallCountsAgainstTheRateUntilASecondAfterItsAnswerForTheHostMayHaveSeenItAsLateAsThat() {
        CallScheduler s = scheduler(100, 2);
        long t0 = now.get();
        for (int i = 1; i <= 3; i++) {
            submit(s, "platform:a", Priority.ADMITTED, "c" + i);
        }
        advanceTo(t0 + 100 * MS);
        assertThat(started).containsExactly("c1", "c2");

        // Both reach the host only just before they are answered, 0.95 s after they left.
        advanceTo(t0 + 950 * MS);
        finishAll();
        advanceTo(t0 + 1_100 * MS);
        assertThat(started).as("a second after they left, but not after the host saw them").hasSize(2);
        advanceTo(t0 + 1_949 * MS);
        assertThat(started).hasSize(2);
        advanceTo(t0 + 1_950 * MS);
        assertThat(started).containsExactly("c1", "c2", "c3");
    }

    /** Sets the clock, then runs the timers that were waiting (each may ask for another, which stays waiting). */
    private void advanceTo(long nanos) {
        now.set(nanos);
        for (int n = timers.pending(); n > 0; n--) {
            timers.runNext();
        }
    }

    @Test
    void aCallChosenButNotYetSentHoldsItsPlaceInTheRate() {
        // Two threads: the first has chosen a call and not yet sent it; the second must count it.
        CallScheduler s = scheduler(100, 1);
        List<String> sent = new ArrayList<>();
        s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
            s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
                sent.add("second");
                return CompletableFuture.completedFuture("ok");
            });
            sent.add("first");
            return CompletableFuture.completedFuture("ok");
        });

        assertThat(sent).containsExactly("first");
        assertThat(s.waiting()).isEqualTo(1);
    }

    @Test
    void spreadsTheRateOverTheSecondSoADueCheckFindsAPlaceSoon() {
        CallScheduler s = scheduler(100, 50);
        List<Long> startTimes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            s.submit("platform:a", Priority.NEW, () -> true, () -> {
                startTimes.add(now.get());
                return CompletableFuture.completedFuture("ok");
            });
        }
        assertThat(startTimes).as("a tenth of the rate at once, not the whole second's").hasSize(5);

        now.addAndGet(30 * MS);
        s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
            startTimes.add(-now.get());
            return CompletableFuture.completedFuture("ok");
        });
        while (startTimes.stream().noneMatch(t -> t < 0)) {
            Duration delay = timers.delays().get(timers.delays().size() - timers.pending());
            now.addAndGet(delay.toNanos());
            timers.runNext();
        }
        long checkStarted = -startTimes.stream().filter(t -> t < 0).findFirst().orElseThrow();
        // (the manual timers replay each wait from when it was asked, so this may read up to 30 ms long)
        assertThat(checkStarted - (1_000_000_000L + 30 * MS)).as("the due check waited at most a tenth of a second")
                .isLessThanOrEqualTo(100 * MS);
    }

    @Test
    void aLaneOverItsRateDoesNotHoldBackAnotherLane() {
        CallScheduler s = scheduler(10, 1);
        submit(s, "platform:a", Priority.ADMITTED, "a1");
        submit(s, "platform:a", Priority.ADMITTED, "a2");
        submit(s, "platform:b", Priority.NEW, "b1");

        assertThat(started).containsExactly("a1", "b1");
        assertThat(timers.pending()).isEqualTo(1);
    }

    @Test
    void purgeDropsQueuedCallsOfRevokedWorkWithoutUsingTheRateOrAPlace() {
        CallScheduler s = scheduler(1, 1000);
        AtomicBoolean lease = new AtomicBoolean(true);
        submit(s, "platform:a", Priority.ADMITTED, "running");
        CompletableFuture<String> revoked = submit(s, "platform:a", Priority.ADMITTED, "revoked", lease::get);
        submit(s, "platform:a", Priority.NEW, "other");

        lease.set(false);
        s.purge();

        assertThat(revoked).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CallAbandonedException.class);
        assertThat(s.waiting()).isEqualTo(1);
        running.remove(0).complete("ok");
        assertThat(started).containsExactly("running", "other");
    }

    @Test
    void aCallWhoseWorkMovedAwayWhileItWaitedIsNotSent() {
        CallScheduler s = scheduler(1, 1000);
        AtomicBoolean lease = new AtomicBoolean(true);
        submit(s, "platform:a", Priority.ADMITTED, "running");
        CompletableFuture<String> late = submit(s, "platform:a", Priority.ADMITTED, "late", lease::get);
        lease.set(false);

        running.remove(0).complete("ok");

        assertThat(late).isCompletedExceptionally();
        assertThat(started).containsExactly("running");
        assertThat(s.inFlight()).isZero();
    }

    @Test
    void aCallTheGateRefusesFailsWithoutTakingAPlace() {
        AtomicInteger asked = new AtomicInteger();
        CallScheduler s = new CallScheduler(1, 1000, timers, Runnable::run, now::get, guard -> {
            asked.incrementAndGet();
            return new CircuitOpenException(guard, java.time.Duration.ofSeconds(5));
        }, CallObserver.NONE);

        CompletableFuture<String> refused = submit(s, "platform:a", Priority.ADMITTED, "x");

        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CircuitOpenException.class);
        assertThat(started).isEmpty();
        assertThat(s.inFlight()).isZero();
        assertThat(asked).hasValue(1);
    }

    @Test
    void cutsTheRateWhenManyRecentAnswersAreThrottledJudgesAfreshAfterACutAndRaisesItSlowlyBackToTheCeiling() {
        CallScheduler s = scheduler(10, 40);
        submit(s, "platform:a", Priority.ADMITTED, "x");
        for (int i = 0; i < 16; i++) {
            s.answered("platform:a", false);
        }
        for (int i = 0; i < 4; i++) {
            s.answered("platform:a", true);
        }
        assertThat(s.rate("platform:a")).as("four in twenty: not more than a fifth").isEqualTo(40);
        s.answered("platform:a", true);
        assertThat(s.rate("platform:a")).as("five in twenty-one: the host says we call too fast").isEqualTo(28);
        for (int i = 0; i < 19; i++) {
            s.answered("platform:a", true);
        }
        assertThat(s.rate("platform:a")).as("judged afresh: nineteen answers are too few").isEqualTo(28);
        s.answered("platform:a", true);
        assertThat(s.rate("platform:a")).isCloseTo(19.6, org.assertj.core.data.Offset.offset(0.01));

        now.addAndGet(1000 * MS);
        for (int i = 0; i < 20; i++) {
            s.answered("platform:a", false);
        }
        assertThat(s.rate("platform:a")).isBetween(20.5, 20.7);
        for (int i = 0; i < 10_000; i++) {
            s.answered("platform:a", false);
        }
        assertThat(s.rate("platform:a")).isEqualTo(40);
    }

    @Test
    void tellsItsObserverOfEachNewLaneWithItsRateAndOfEachCut() {
        List<String> told = new ArrayList<>();
        java.util.Map<String, java.util.function.DoubleSupplier> rates = new java.util.HashMap<>();
        CallScheduler s = new CallScheduler(10, 40, timers, Runnable::run, now::get, guard -> null, new CallObserver() {
            @Override
            public void lane(String lane, java.util.function.DoubleSupplier rate) {
                told.add("lane " + lane);
                rates.put(lane, rate);
            }

            @Override
            public void rateCut(String lane) {
                told.add("cut " + lane);
            }
        });
        submit(s, "platform:a", Priority.ADMITTED, "x");
        submit(s, "platform:a", Priority.ADMITTED, "y");
        for (int i = 0; i < 20; i++) {
            s.answered("platform:a", true);
        }
        assertThat(told).containsExactly("lane platform:a", "cut platform:a");
        assertThat(rates.get("platform:a").getAsDouble()).isEqualTo(28);
    }

    @Test
    void answersOlderThanTheJudgedSecondsAreNotCounted() {
        CallScheduler s = scheduler(10, 40);
        submit(s, "platform:a", Priority.ADMITTED, "x");
        for (int i = 0; i < 10; i++) {
            s.answered("platform:a", true);
        }
        now.addAndGet(Lane.JUDGED_SECONDS * 1000 * MS);
        for (int i = 0; i < 20; i++) {
            s.answered("platform:a", false);
        }
        assertThat(s.rate("platform:a")).isEqualTo(40);
    }

    @Test
    void aSteadyTrickleOfRandomRefusalsOnFewAnswersASecondDoesNotWearTheRateDown() {
        CallScheduler s = scheduler(10, 50);
        submit(s, "platform:a", Priority.ADMITTED, "x");
        java.util.Random random = new java.util.Random(42);
        double lowest = 50;
        for (int second = 0; second < 600; second++) {
            for (int i = 0; i < 10; i++) { // ten answers a second, each a 429 with probability 5%
                s.answered("platform:a", random.nextDouble() < 0.05);
                now.addAndGet(100 * MS);
            }
            lowest = Math.min(lowest, s.rate("platform:a"));
        }
        assertThat(lowest).as("lowest rate over ten minutes").isGreaterThan(30);
    }

    @Test
    void aSupplierThatThrowsFailsItsCallerAndFreesItsPlace() {
        CallScheduler s = scheduler(1, 1000);
        CompletableFuture<String> broken = s.submit("platform:a", Priority.ADMITTED, () -> true, () -> {
            throw new IllegalStateException("boom");
        });
        submit(s, "platform:a", Priority.ADMITTED, "next");

        assertThat(broken).isCompletedExceptionally();
        assertThat(started).containsExactly("next");
    }

    @Test
    void completionsFromManyThreadsNeverExceedTheBulkhead() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            int limit = 3;
            AtomicInteger concurrent = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            CallScheduler s = new CallScheduler(limit, 100_000, timers, pool, System::nanoTime, guard -> null, CallObserver.NONE);
            Random random = new Random(7);
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int delay = random.nextInt(3);
                all.add(s.submit("platform:a", Priority.values()[i % 3], () -> true, () -> {
                    max.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    return CompletableFuture.supplyAsync(() -> {
                        concurrent.decrementAndGet();
                        return "ok";
                    }, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, pool));
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(max.get()).isLessThanOrEqualTo(limit);
            assertThat(s.inFlight()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsLimitsBelowOne() {
        assertThatThrownBy(() -> scheduler(0, 10)).hasMessageContaining("maxInFlight must be at least 1");
        assertThatThrownBy(() -> scheduler(1, 0)).hasMessageContaining("callsPerSecond must be at least 1");
    }
}
