package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.topics.OutcomeReader;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Follows the outcomes topic (read_committed, as a downstream system reads it) for a set of request IDs,
 * noting when the first and the last of them arrived. Open it before publishing the requests.
 */
public final class OutcomeWatch implements AutoCloseable {

    private static final long PROGRESS_EVERY = TimeUnit.SECONDS.toNanos(15);

    private final OutcomeReader reader;
    private final Set<String> waiting = new HashSet<>();
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private int expected;
    private long firstNanos;
    private long lastNanos;

    private OutcomeWatch(OutcomeReader reader) {
        this.reader = reader;
    }

    /** Follows outcomes committed from now on. */
    public static OutcomeWatch open(WorkerConfig config) {
        return new OutcomeWatch(OutcomeReader.fromEnd(config));
    }

    /** Adds request IDs to wait for. */
    public void expect(Collection<String> requestIds) {
        waiting.addAll(requestIds);
        expected += requestIds.size();
    }

    /**
     * Publishes {@code requests} to {@code config}'s requests topic, waits for all their outcomes, and returns
     * the time from the start of publishing to the last of them.
     */
    public Duration publishAndAwait(WorkerConfig config, List<OnboardingRequest> requests, Duration timeout,
                                    BenchLog log) throws Exception {
        expect(requests.stream().map(OnboardingRequest::getRequestId).toList());
        long published = System.nanoTime();
        BenchStack.publish(config, requests);
        awaitAll(timeout, log);
        return Duration.ofNanos(lastNanos - published);
    }

    /** Waits for the first outcome of an expected request. */
    public void awaitFirst(Duration timeout) throws Exception {
        Waits.until("a first outcome", timeout, () -> {
            poll();
            return firstNanos != 0;
        });
    }

    /** Waits until every expected request has its outcome, with a progress line now and then. */
    public void awaitAll(Duration timeout, BenchLog log) throws Exception {
        long[] lastPrint = {System.nanoTime()};
        Waits.until(expected + " outcomes (" + (expected - waiting.size()) + " arrived)", timeout, () -> {
            poll();
            if (System.nanoTime() - lastPrint[0] > PROGRESS_EVERY) {
                lastPrint[0] = System.nanoTime();
                log.line("%,d of %,d outcomes", received(), expected);
            }
            return waiting.isEmpty();
        });
    }

    private void poll() {
        for (OnboardingOutcome outcome : reader.poll(Duration.ofMillis(20))) {
            if (waiting.remove(outcome.getRequestId())) {
                long now = System.nanoTime();
                firstNanos = firstNanos == 0 ? now : firstNanos;
                lastNanos = now;
                byStatus.merge(outcome.getStatus().name(), 1, Integer::sum);
            }
        }
    }

    public int received() {
        return expected - waiting.size();
    }

    /** Expected outcomes that arrived with a status other than COMPLETED. */
    public int notCompleted() {
        return received() - byStatus.getOrDefault("COMPLETED", 0);
    }

    /** Outcomes by status, for notes. */
    public Map<String, Integer> byStatus() {
        return Map.copyOf(byStatus);
    }

    /** {@link System#nanoTime()} when the first expected outcome arrived (0: none yet). */
    public long firstNanos() {
        return firstNanos;
    }

    /** {@link System#nanoTime()} when the latest expected outcome arrived (0: none yet). */
    public long lastNanos() {
        return lastNanos;
    }

    @Override
    public void close() {
        reader.close();
    }
}
