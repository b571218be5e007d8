package io.cmkworker.metrics;

import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.PlatformOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/** The worker's meters, named {@code cmk.*}. */
public final class WorkerMetrics implements CallObserver {

    private final MeterRegistry registry;
    private final Timer lateness;
    private final Counter hops;
    private final Counter deadLetters;
    private final Counter commits;
    private final Counter aborts;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.lateness = Timer.builder("cmk.check.lateness")
                .description("How long after its due time a delayed step started")
                .publishPercentiles(0.5, 0.9, 0.99)
                .percentilePrecision(3)
                .distributionStatisticExpiry(Duration.ofMinutes(30))
                .distributionStatisticBufferLength(1)
                .register(registry);
        this.hops = Counter.builder("cmk.delay.hops").description("Delayed records moved to a shorter tier")
                .register(registry);
        this.deadLetters = Counter.builder("cmk.dead.letters").description("Records sent to the dead-letter topic")
                .register(registry);
        this.commits = Counter.builder("cmk.transactions.committed").register(registry);
        this.aborts = Counter.builder("cmk.transactions.aborted").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void lateness(Duration late) {
        lateness.record(late.isNegative() ? Duration.ZERO : late);
    }

    public Timer latenessTimer() {
        return lateness;
    }

    public void hop() {
        hops.increment();
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    public void committed() {
        commits.increment();
    }

    public void aborted() {
        aborts.increment();
    }

    public void outcome(String status) {
        registry.counter("cmk.outcomes", "status", status).increment();
    }

    @Override
    public void called(PlatformOperation operation, int status) {
        registry.counter("cmk.platform.calls", "operation", operation.name(), "status",
                status == -1 ? "breaker-open" : status == 0 ? "no-response" : Integer.toString(status)).increment();
    }

    @Override
    public void throttled(String guard) {
        registry.counter("cmk.platform.throttled", "guard", guard).increment();
    }

    @Override
    public void breakerTransition(String guard, String from, String to) {
        registry.counter("cmk.breaker.transitions", "guard", guard, "from", from, "to", to).increment();
    }

    /** A request ID arrived again; {@code state} says whether it was still in flight or already done. */
    public void duplicate(String state) {
        registry.counter("cmk.requests.duplicate", "state", state).increment();
    }

    /** A request was keyed by something other than its org ID and was moved to its org's partition. */
    public void forwarded() {
        registry.counter("cmk.requests.forwarded").increment();
    }

    /** A step was retried in process. */
    public void retried(String step) {
        registry.counter("cmk.retries", "step", step).increment();
    }

    /** Sum of a counter over all its tags, for summaries. */
    public double total(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
