package io.cmkworker.metrics;

import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.CallScheduler;
import io.cmkworker.platform.PlatformOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The worker's meters, named {@code cmk.*}, each with its help text and, where it measures something, its unit in its
 * name. Timers publish a histogram, so a Prometheus server can compute any percentile over any window with
 * {@code histogram_quantile} over the {@code _bucket} series; the percentiles they also keep (p50, p99) are for the
 * demo's summary in process: the Prometheus registry does not export them when a histogram is on.
 *
 * <p>A counter whose labels are known in advance is registered at zero when the worker starts (or when its host or
 * breaker first appears), so {@code rate()} and {@code increase()} count its first event, and a dashboard panel has
 * a series before anything happened.
 */
public final class WorkerMetrics implements CallObserver {

    /** Where each reread record came from; see {@link #reread}. */
    private static final List<String> REREAD_RECORDS = List.of("request", "step");
    /** What committed metadata that is not a done set can be; see {@link #commitMetadataUnread}. */
    private static final List<String> UNREAD_KINDS = List.of("foreign", "unreadable", "unknown-version");
    /** Where a duplicate request was when it arrived again; see {@link #duplicate}. */
    private static final List<String> DUPLICATE_STATES = List.of("in-flight", "done");

    private final MeterRegistry registry;
    private final Timer lateness;
    private final Counter early;
    private final Counter hops;
    private final Counter deadLetters;
    private final Counter commits;
    private final Counter aborts;
    private final Counter forwards;
    private final Counter superseded;
    private final Counter windowsFull;
    private final Map<String, Timer> queues = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final PartitionLagGauges partitionLags;
    private final CallMeters calls;

    public WorkerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.partitionLags = new PartitionLagGauges(registry);
        this.calls = new CallMeters(registry);
        this.lateness = histogram(Timer.builder("cmk.check.lateness")
                .description("How long after its due time a delayed step's first call reached the wire"));
        this.early = Counter.builder("cmk.check.early")
                .description("Delayed steps whose first call went out before they were due (there should be none)")
                .register(registry);
        this.hops = Counter.builder("cmk.delay.hops").description("Delayed records moved to a shorter tier")
                .register(registry);
        this.deadLetters = Counter.builder("cmk.dead.letters").description("Records sent to the dead-letter topic")
                .register(registry);
        this.commits = Counter.builder("cmk.transactions.committed")
                .description("Kafka transactions committed (outputs and offsets of the records that finished)")
                .register(registry);
        this.aborts = Counter.builder("cmk.transactions.aborted")
                .description("Kafka transactions aborted: their records are taken and processed again")
                .register(registry);
        this.forwards = Counter.builder("cmk.requests.forwarded")
                .description("Requests keyed by something other than their org ID, moved to their org's partition")
                .register(registry);
        this.superseded = Counter.builder("cmk.steps.superseded")
                .description("Step results dropped because another step of the same request had already answered it"
                        + " (steps read again after an offset reset): the request keeps its one outcome")
                .register(registry);
        this.windowsFull = Counter.builder("cmk.commit.windows.full")
                .description("Times a partition stopped taking records because one slow record held its commit point"
                        + " while the records after it spanned the done set's widest span (10,000 offsets)")
                .register(registry);
        REREAD_RECORDS.forEach(this::rereadCounter);
        UNREAD_KINDS.forEach(this::unreadCounter);
        DUPLICATE_STATES.forEach(this::duplicateCounter);
    }

    private Timer histogram(Timer.Builder builder) {
        return builder.publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .distributionStatisticExpiry(Duration.ofMinutes(30))
                .distributionStatisticBufferLength(1)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public void lateness(Duration late) {
        if (late.isNegative()) {
            early.increment();
            lateness.record(Duration.ZERO);
        } else {
            lateness.record(late);
        }
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

    /** The outcome statuses there are: each gets its counters at zero, so every status has a series from the start. */
    public void outcomeStatuses(Collection<String> statuses) {
        for (String status : statuses) {
            outcomeCounter(status, false);
            outcomeCounter(status, true);
        }
    }

    /** An outcome was committed ({@code replay}: a copy sent again for a duplicate request). */
    public void outcome(String status, boolean replay) {
        outcomeCounter(status, replay).increment();
    }

    private Counter outcomeCounter(String status, boolean replay) {
        return Counter.builder("cmk.outcomes").tag("status", status).tag("replay", Boolean.toString(replay))
                .description("Outcomes committed, by status; replay=true: a copy sent again for a duplicate request")
                .register(registry);
    }

    /**
     * Something waited this long in one of the worker's queues: {@code kafka} (a due step, from its due time
     * until the loop took it), {@code organisation} (behind the previous step of its organisation), or
     * {@code calls-<priority>} (for a place, its host's rate and its turn).
     */
    public void waited(String queue, Duration waited) {
        queues.computeIfAbsent(queue, q -> histogram(Timer.builder("cmk.queue.wait").tag("queue", q)
                .description("How long work waited in each of the worker's queues"))).record(
                waited.isNegative() ? Duration.ZERO : waited);
    }

    @Override
    public void called(PlatformOperation operation, int status, Duration took) {
        calls.called(operation, status, took);
    }

    @Override
    public void started(CallScheduler.Priority priority, Duration waited) {
        waited("calls-" + priority.name().toLowerCase(Locale.ROOT), waited);
    }

    @Override
    public void breakerTransition(String guard, String from, String to) {
        calls.breakerTransition(guard, from, to);
    }

    @Override
    public void breaker(String guard, IntSupplier state) {
        calls.breaker(guard, state);
    }

    @Override
    public void lane(String lane, DoubleSupplier rate) {
        calls.lane(lane, rate);
    }

    @Override
    public void rateCut(String lane) {
        calls.rateCut(lane);
    }

    /** A gauge the poll loop sets (it owns the numbers; reading them from another thread would not be safe). */
    public void gauge(String name, String tagKey, String tagValue, String description, long value) {
        gauge(name, null, tagKey, tagValue, description, value);
    }

    /** The same with a unit ({@code baseUnit}, appended to the name in Prometheus: {@code requests.per.second}). */
    public void gauge(String name, String baseUnit, String tagKey, String tagValue, String description, long value) {
        gauges.computeIfAbsent(name + "|" + tagKey + "|" + tagValue, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).tag(tagKey, tagValue).baseUnit(baseUnit)
                    .description(description).register(registry);
            return holder;
        }).set(value);
    }

    /**
     * Each assigned partition's lag in records and in seconds; the gauges of partitions not in {@code lags} (no longer
     * assigned, or their lag not known) are removed, so no stale lag stays behind after a rebalance.
     */
    public void partitionLags(Collection<PartitionLag> lags) {
        partitionLags.set(lags);
    }

    /** A step was retried in process. */
    public void retried(String step) {
        Counter.builder("cmk.retries").tag("step", step)
                .description("Steps tried again in process after a retriable failure (before any delay through Kafka)")
                .register(registry).increment();
    }

    /** A request ID arrived again; {@code state} says whether it was still in flight or already done. */
    public void duplicate(String state) {
        duplicateCounter(state).increment();
    }

    private Counter duplicateCounter(String state) {
        return Counter.builder("cmk.requests.duplicate").tag("state", state)
                .description("Requests whose ID the worker had already taken: in-flight (answered when the first"
                        + " ends) or done (answered at once with a replay of its outcome)")
                .register(registry);
    }

    /** A request was keyed by something other than its org ID and was moved to its org's partition. */
    public void forwarded() {
        forwards.increment();
    }

    /** A partition's offset was committed with this many characters of done-set metadata. */
    public void commitMetadata(int characters) {
        DistributionSummary.builder("cmk.commit.metadata").baseUnit("bytes")
                .description("Done-set metadata committed with a partition's offset, per partition and transaction"
                        + " (the broker refuses more than offset.metadata.max.bytes, 4 KB by default)")
                .register(registry).record(characters);
    }

    /** A partition's window of records past its commit point became full: its records wait until the slow one ends. */
    public void windowFull() {
        windowsFull.increment();
    }

    /**
     * A partition was assigned with commit metadata that could not be read as a done set: {@code kind} is
     * {@code foreign} (not this worker's), {@code unreadable} (this worker's, but it does not decode) or
     * {@code unknown-version}.
     */
    public void commitMetadataUnread(String kind) {
        unreadCounter(kind).increment();
    }

    private Counter unreadCounter(String kind) {
        return Counter.builder("cmk.commit.metadata.unread").tag("kind", kind)
                .description("Partitions assigned whose committed metadata could not be read as a done set: foreign or"
                        + " unreadable ones are read from their committed offset (the ledger answers records read"
                        + " again); an unknown version holds the partition")
                .register(registry);
    }

    /**
     * A record read again was answered from the ledger and did nothing: {@code record} is {@code request} (the very
     * record the request was taken from) or {@code step} (a delayed step, retry or hop of a finished request).
     */
    public void reread(String record) {
        rereadCounter(record).increment();
    }

    private Counter rereadCounter(String record) {
        return Counter.builder("cmk.records.reread").tag("record", record)
                .description("Records read again (an offset reset, metadata lost) that the ledger showed were already"
                        + " answered: no call, no output")
                .register(registry);
    }

    /**
     * A step's result was dropped because another step of the same request answered it first (two copies of its
     * steps, after its partition was read again from an earlier offset).
     */
    public void superseded() {
        superseded.increment();
    }

    /** The watch for partitions no member holds could not look at the group; {@code cause}: the exception's class. */
    public void orphanWatchFailed(String cause) {
        Counter.builder("cmk.orphan.watch.failures").tag("cause", cause)
                .description("Looks at the group's assignment that failed (the watch for partitions no member holds"
                        + " is blind meanwhile; a missing Describe permission shows here)")
                .register(registry).increment();
    }

    /** Sum of a counter over all its tags, for summaries. */
    public double total(String name) {
        return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
}
