package io.cmkworker.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when each HTTP call starts, holding no thread while calls wait:
 * <ul>
 *   <li>a <b>bulkhead</b>: at most {@code maxInFlight} calls on the wire at once, over all hosts;</li>
 *   <li>a <b>rate limit per lane</b> (each Platform host, and IMS): never more than the lane's rate of calls
 *       arriving at the host in any one-second window, nor more than a tenth of it started in any tenth of a
 *       second, so the budget is spread over the second and a check that falls due finds a place soon
 *       ({@link Lane#nanosUntilFree}). The rate starts at the configured ceiling, is cut when the host answers
 *       with too many 429s and grows back slowly (additive increase, multiplicative decrease:
 *       {@link Lane#answered});</li>
 *   <li><b>priorities</b>: a waiting call of a higher {@link Priority} starts before any of a lower one, so the
 *       status checks of work already admitted never wait behind new submissions;</li>
 *   <li><b>abandonment</b>: a call whose {@code mayProceed} says no when its turn comes, or when
 *       {@link #purge()} runs (its work was handed to another owner), is dropped without being sent and
 *       gives its place back.</li>
 * </ul>
 * A lane's {@code gate} (its circuit breaker) is asked last; a call it refuses fails without using a place.
 */
public final class CallScheduler {

    private static final Logger log = LoggerFactory.getLogger(CallScheduler.class);

    /** The order in which waiting calls start: all calls of one priority before any of the next. */
    public enum Priority {
        /** An IMS token: every other call of its credential waits for it. */
        TOKEN,
        /** A step of an onboarding already admitted: a due status check, a retry. */
        ADMITTED,
        /** The first step of a new request. */
        NEW
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int maxInFlight;
    private final int ceiling;
    private final ScheduledExecutorService timers;
    private final Executor executor;
    private final LongSupplier nanoTime;
    private final Function<String, RuntimeException> gate;
    private final CallObserver observer;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private int inFlight;
    private int waiting;
    /** Mean time on the wire of recent calls (an exponentially weighted average), in nanoseconds; 0 until known. */
    private double meanCallNanos;
    private long sequence;
    private long wakeAt = Long.MAX_VALUE;
    private boolean wakeScheduled;

    /**
     * @param maxInFlight most calls on the wire at once
     * @param callsPerSecond the ceiling of each lane's rate
     * @param timers wakes the scheduler when a lane's rate allows its next call
     * @param executor starts calls after a completion frees a place (so completions never recurse)
     * @param gate asked just before a call starts: null to let it start, or the exception to fail it with
     * @param observer told how long each call waited before it started
     */
    public CallScheduler(int maxInFlight, int callsPerSecond, ScheduledExecutorService timers, Executor executor,
                         LongSupplier nanoTime, Function<String, RuntimeException> gate, CallObserver observer) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (callsPerSecond < 1) {
            throw new IllegalArgumentException("callsPerSecond must be at least 1, was " + callsPerSecond);
        }
        this.maxInFlight = maxInFlight;
        this.ceiling = callsPerSecond;
        this.timers = Objects.requireNonNull(timers, "timers");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Runs {@code call} on {@code lane} when the bulkhead, the lane's rate and the priorities allow. */
    public <T> CompletableFuture<T> submit(String lane, Priority priority, BooleanSupplier mayProceed,
                                           Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        boolean newLane;
        synchronized (this) {
            newLane = !lanes.containsKey(lane);
            lanes.computeIfAbsent(lane, name -> new Lane(name, ceiling)).queue(priority.ordinal())
                    .addLast(new QueuedCall<>(call, mayProceed, result, sequence++, priority, nanoTime.getAsLong()));
            waiting++;
        }
        if (newLane) {
            // Outside the lock: the observer registers a gauge that reads the rate under it.
            observer.lane(lane, () -> rate(lane));
        }
        dispatch();
        return result;
    }

    /** Drops every waiting call whose work may no longer proceed, giving its place back at once. */
    public void purge() {
        List<QueuedCall<?>> dropped = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                for (ArrayDeque<QueuedCall<?>> queue : lane.queues()) {
                    queue.removeIf(w -> {
                        if (!w.mayProceed().getAsBoolean()) {
                            dropped.add(w);
                            return true;
                        }
                        return false;
                    });
                }
            }
            waiting -= dropped.size();
        }
        for (QueuedCall<?> w : dropped) {
            w.result().completeExceptionally(new CallAbandonedException("a queued call"));
        }
        dispatch();
    }

    /** The host answered ({@code throttled}: with 429); see {@link Lane#answered} for how that moves its rate. */
    public void answered(String lane, boolean throttled) {
        double cutTo;
        synchronized (this) {
            Lane l = lanes.get(lane);
            if (l == null || !l.answered(nanoTime.getAsLong(), throttled)) {
                return;
            }
            cutTo = l.rate();
        }
        observer.rateCut(lane);
        log.info("{}: more than {}% of its recent answers were 429; calling it at {} calls/s at most for now", lane,
                Lane.THROTTLED_SHARE_PERCENT, String.format(Locale.ROOT, "%.1f", cutTo));
    }

    /** The rate a lane may be called at now (calls per second). */
    public synchronized double rate(String lane) {
        Lane l = lanes.get(lane);
        return l == null ? ceiling : l.rate();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Calls waiting for a place or for their lane's rate. */
    public synchronized int waiting() {
        return waiting;
    }

    /**
     * The most calls per second the Platform lanes can take now: each lane's rate summed (the ceiling when no
     * Platform lane has been used yet), and no more than the bulkhead allows at the recent call latency.
     */
    public synchronized double platformCapacity() {
        double byRate = 0;
        for (Lane lane : lanes.values()) {
            if (lane.name.startsWith("platform:")) {
                byRate += lane.rate();
            }
        }
        if (byRate == 0) {
            byRate = ceiling;
        }
        double byBulkhead = meanCallNanos == 0 ? Double.MAX_VALUE : maxInFlight * (SECOND / meanCallNanos);
        return Math.min(byRate, byBulkhead);
    }

    /** Calls of {@code priority} waiting, over all lanes. */
    public synchronized int waiting(Priority priority) {
        int n = 0;
        for (Lane lane : lanes.values()) {
            n += lane.queue(priority.ordinal()).size();
        }
        return n;
    }

    /** Starts every call that may start now; arranges to be woken when a lane's rate allows the next. */
    private void dispatch() {
        List<Runnable> actions = new ArrayList<>();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            long soonest = Long.MAX_VALUE;
            while (inFlight < maxInFlight) {
                Lane chosen = null;
                int chosenQueue = Integer.MAX_VALUE;
                soonest = Long.MAX_VALUE;
                for (Lane lane : lanes.values()) {
                    int q = lane.best();
                    if (q < 0) {
                        continue;
                    }
                    long wait = lane.nanosUntilFree(now);
                    if (wait > 0) {
                        soonest = Math.min(soonest, wait);
                    } else if (q < chosenQueue || (q == chosenQueue
                            && lane.queue(q).peekFirst().sequence() < chosen.queue(q).peekFirst().sequence())) {
                        chosen = lane;
                        chosenQueue = q;
                    }
                }
                if (chosen == null) {
                    break;
                }
                QueuedCall<?> next = chosen.queue(chosenQueue).pollFirst();
                waiting--;
                if (!next.mayProceed().getAsBoolean()) {
                    CallAbandonedException abandoned = new CallAbandonedException("a call to " + chosen.name);
                    actions.add(() -> next.result().completeExceptionally(abandoned));
                    continue;
                }
                RuntimeException refused = gate.apply(chosen.name);
                if (refused != null) {
                    actions.add(() -> next.result().completeExceptionally(refused));
                    continue;
                }
                chosen.chosen();
                inFlight++;
                Lane lane = chosen;
                actions.add(() -> start(lane, next));
            }
            if (waiting > 0 && soonest != Long.MAX_VALUE && inFlight < maxInFlight) {
                scheduleWake(now, soonest);
            }
        }
        actions.forEach(Runnable::run);
    }

    private void scheduleWake(long now, long inNanos) {
        long at = now + inNanos;
        if (wakeScheduled && wakeAt - at <= 0) {
            return;
        }
        wakeAt = at;
        wakeScheduled = true;
        timers.schedule(() -> {
            synchronized (this) {
                wakeScheduled = false;
                wakeAt = Long.MAX_VALUE;
            }
            dispatch();
        }, inNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Hands the call to the HTTP client; logs when it was handed over (for pacing: dispatching can lag behind
     * the choice by milliseconds on a busy machine) and when it was answered (for the rate).
     */
    private <T> void start(Lane lane, QueuedCall<T> w) {
        observer.started(w.priority(), java.time.Duration.ofNanos(nanoTime.getAsLong() - w.since()));
        CompletableFuture<T> started;
        try {
            started = w.call().get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        long startedAt;
        synchronized (this) {
            startedAt = nanoTime.getAsLong();
            lane.sent(startedAt);
        }
        started.whenComplete((value, error) -> {
            synchronized (this) {
                inFlight--;
                long endedAt = nanoTime.getAsLong();
                lane.ended(endedAt);
                long took = endedAt - startedAt;
                meanCallNanos = meanCallNanos == 0 ? took : 0.95 * meanCallNanos + 0.05 * took;
            }
            executor.execute(this::dispatch);
            if (error != null) {
                w.result().completeExceptionally(error);
            } else {
                w.result().complete(value);
            }
        });
    }
}
