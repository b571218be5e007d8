package io.cmkworker.kafka.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedSequencerTest {

    private final KeyedSequencer sequencer = new KeyedSequencer(nanos -> { });
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopThreads() {
        otherThread.shutdownNow();
    }

    @Test
    void runsWorkOfOneKeyOneAfterAnotherInSubmissionOrder() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        CompletableFuture<String> third = new CompletableFuture<>();

        CompletableFuture<String> r1 = sequencer.submit("org-1", work("1", first));
        CompletableFuture<String> r2 = sequencer.submit("org-1", work("2", second));
        CompletableFuture<String> r3 = sequencer.submit("org-1", work("3", third));

        assertThat(started).containsExactly("1");
        completeElsewhere(first, "a");
        assertThat(started).containsExactly("1", "2");
        assertThat(r1).isCompletedWithValue("a");
        assertThat(r2).isNotDone();
        completeElsewhere(second, "b");
        assertThat(started).containsExactly("1", "2", "3");
        completeElsewhere(third, "c");

        assertThat(r2).isCompletedWithValue("b");
        assertThat(r3).isCompletedWithValue("c");
        assertThat(sequencer.keysInFlight()).isZero();
    }

    @Test
    void nextWorkStartsAfterEarlierWorkFailsAndTheFailureReachesItsCaller() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        IllegalStateException boom = new IllegalStateException("platform down");

        CompletableFuture<String> r1 = sequencer.submit("org-1", work("1", first));
        CompletableFuture<String> r2 = sequencer.submit("org-1", work("2", second));
        otherThread.submit(() -> first.completeExceptionally(boom)).get(5, TimeUnit.SECONDS);

        assertThat(started).containsExactly("1", "2");
        assertThat(r1).isCompletedExceptionally();
        assertThat(rootCause(r1)).isSameAs(boom);
        completeElsewhere(second, "ok");
        assertThat(r2).isCompletedWithValue("ok");
        assertThat(sequencer.keysInFlight()).isZero();
    }

    @Test
    void workThatThrowsBeforeReturningAFutureFailsOnlyItself() {
        CompletableFuture<String> second = new CompletableFuture<>();
        IllegalArgumentException boom = new IllegalArgumentException("bad record");

        CompletableFuture<String> r1 = sequencer.submit("org-1", () -> {
            started.add("1");
            throw boom;
        });
        CompletableFuture<String> r2 = sequencer.submit("org-1", work("2", second));

        assertThat(r1).isCompletedExceptionally();
        assertThat(rootCause(r1)).isSameAs(boom);
        assertThat(started).containsExactly("1", "2");
        second.complete("ok");
        assertThat(r2).isCompletedWithValue("ok");
        assertThat(sequencer.keysInFlight()).isZero();
    }

    @Test
    void differentKeysRunConcurrently() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();

        CompletableFuture<String> ra = sequencer.submit("org-a", work("a", a));
        CompletableFuture<String> rb = sequencer.submit("org-b", work("b", b));

        assertThat(started).containsExactly("a", "b");
        assertThat(sequencer.keysInFlight()).isEqualTo(2);
        b.complete("B");
        assertThat(rb).isCompletedWithValue("B");
        assertThat(ra).isNotDone();
        assertThat(sequencer.keysInFlight()).isEqualTo(1);
        a.complete("A");
        assertThat(sequencer.keysInFlight()).isZero();
    }

    @Test
    void aSlowKeyDoesNotHoldBackOtherKeys() {
        CompletableFuture<String> slow = new CompletableFuture<>();
        sequencer.submit("org-slow", work("slow-1", slow));
        sequencer.submit("org-slow", work("slow-2", CompletableFuture.completedFuture("x")));

        for (int i = 0; i < 5; i++) {
            assertThat(sequencer.submit("org-fast", work("fast-" + i, CompletableFuture.completedFuture("f"))))
                    .isCompletedWithValue("f");
        }

        assertThat(started).containsExactly("slow-1", "fast-0", "fast-1", "fast-2", "fast-3", "fast-4");
        slow.complete("s");
        assertThat(started).endsWith("slow-2");
        assertThat(sequencer.keysInFlight()).isZero();
    }

    @Test
    void keysInFlightCountsOnlyKeysWithPendingWork() {
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        assertThat(sequencer.keysInFlight()).isZero();

        sequencer.submit("org-1", work("1", first));
        sequencer.submit("org-1", work("2", second));
        assertThat(sequencer.keysInFlight()).isEqualTo(1);

        first.complete("a");
        assertThat(sequencer.keysInFlight()).as("second still runs").isEqualTo(1);
        second.complete("b");
        assertThat(sequencer.keysInFlight()).isZero();
    }

    @Test
    void manyKeysCompletedFromManyThreadsNeverOverlapWithinAKeyAndKeepOrder() throws Exception {
        ExecutorService completers = Executors.newFixedThreadPool(8);
        try {
            int keys = 16;
            int perKey = 200;
            Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
            Map<String, List<Integer>> order = new ConcurrentHashMap<>();
            AtomicInteger overlaps = new AtomicInteger();
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                for (int k = 0; k < keys; k++) {
                    String key = "org-" + k;
                    int seq = i;
                    results.add(sequencer.submit(key, () -> {
                        if (running.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        order.computeIfAbsent(key, x -> new CopyOnWriteArrayList<>()).add(seq);
                        CompletableFuture<Integer> done = new CompletableFuture<>();
                        completers.execute(() -> {
                            running.get(key).decrementAndGet();
                            if (seq % 7 == 3) {
                                done.completeExceptionally(new IllegalStateException("failure " + seq));
                            } else {
                                done.complete(seq);
                            }
                        });
                        return done;
                    }));
                }
            }

            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .handle((v, e) -> null).get(30, TimeUnit.SECONDS);

            assertThat(overlaps).hasValue(0);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                expected.add(i);
            }
            assertThat(order).hasSize(keys);
            order.forEach((key, seqs) -> assertThat(seqs).as(key).isEqualTo(expected));
            assertThat(results.stream().filter(CompletableFuture::isCompletedExceptionally))
                    .hasSize(keys * (int) expected.stream().filter(s -> s % 7 == 3).count());
            assertThat(sequencer.keysInFlight()).isZero();
        } finally {
            completers.shutdownNow();
        }
    }

    @Test
    void longQueueOfQuickWorkForOneKeyAllCompletes() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        sequencer.submit("org-1", work("first", first));
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            queued.add(sequencer.submit("org-1", () -> CompletableFuture.completedFuture("rejected")));
        }

        completeElsewhere(first, "done");

        assertThat(queued.stream().filter(f -> !f.isDone()).count()).as("results never completed").isZero();
        assertThat(sequencer.keysInFlight()).isZero();
    }

    private <T> java.util.function.Supplier<CompletableFuture<T>> work(String name, CompletableFuture<T> future) {
        return () -> {
            started.add(name);
            return future;
        };
    }

    /** Completes {@code future} on another thread and waits until that thread has run what it triggered. */
    private <T> void completeElsewhere(CompletableFuture<T> future, T value) throws Exception {
        otherThread.submit(() -> future.complete(value)).get(5, TimeUnit.SECONDS);
    }

    private static Throwable rootCause(CompletableFuture<?> future) {
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
