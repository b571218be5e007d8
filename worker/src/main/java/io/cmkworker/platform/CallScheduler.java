package io.cmkworker.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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
 *       arriving at the host in any one-second window (a call counts from when it is chosen until a second after
 *       its answer, see {@link Lane#nanosUntilFree}), nor more than a tenth of it started in any tenth of a second
 *       (so the budget is spread over the second, and a check that falls due finds a place soon). The rate
 *       starts at the configured ceiling. When more than {@value #THROTTLED_SHARE_PERCENT}% of at least
 *       {@value #MIN_ANSWERS} answers of a lane in the last {@value #JUDGED_SECONDS} seconds were 429 (the host
 *       says we call too fast, not a stray refusal), the rate is cut by {@value #DECREASE_PERCENT}% and the
 *       answers judged afresh; otherwise it grows back by about one call per second each second, up to the
 *       ceiling (additive increase, multiplicative decrease). Judging a few seconds of answers, not one,
 *       keeps a steady trickle of 429s that do not come from our rate (5% at random, say) from cutting it
 *       again and again, which on few answers a second it would do by chance alone;</li>
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
    /** The rate is also kept within each tenth of a second. */
    private static final int SLICES = 10;
    /** Share of 429s among a lane's recent answers above which its rate is cut. */
    static final int THROTTLED_SHARE_PERCENT = 20;
    /** How far back a lane's answers are judged. */
    static final int JUDGED_SECONDS = 5;
    /** How much a cut takes off the rate. */
    static final int DECREASE_PERCENT = 30;
    /** Fewest recent answers before their share of 429s is judged. */
    static final int MIN_ANSWERS = 20;

    private record Waiting<T>(Supplier<CompletableFuture<T>> call, BooleanSupplier mayProceed,
                              CompletableFuture<T> result, long sequence, Priority priority, long since) {
    }

    /** One host's queues, its recent starts, and the rate it may be called at now. */
    private final class Lane {
        final String name;
        final List<ArrayDeque<Waiting<?>>> queues = new ArrayList<>();
        /** When its recent calls were handed to the HTTP client, oldest first (for pacing). */
        final ArrayDeque<Long> starts = new ArrayDeque<>();
        /** Calls chosen to start but not yet handed to the HTTP client. */
        int sending;
        /** When its calls of the last second were answered (or failed), oldest first (for the rate). */
        final ArrayDeque<Long> ends = new ArrayDeque<>();
        /** Calls chosen to start and not yet answered: the host may see them at any moment. */
        int open;
        /** Recent answers (since the last cut, at most {@link #JUDGED_SECONDS} old): their times, and which were 429. */
        final ArrayDeque<long[]> answers = new ArrayDeque<>();
        int throttledInWindow;
        double rate = ceiling;

        /** Records an answer; true if the 429s among the recent answers are too many. */
        boolean answer(long now, boolean throttled) {
            answers.addLast(new long[] {now, throttled ? 1 : 0});
            throttledInWindow += throttled ? 1 : 0;
            while (!answers.isEmpty() && now - answers.peekFirst()[0] >= JUDGED_SECONDS * SECOND) {
                throttledInWindow -= (int) answers.removeFirst()[1];
            }
            return answers.size() >= MIN_ANSWERS
                    && throttledInWindow * 100 > THROTTLED_SHARE_PERCENT * answers.size();
        }

        /** Judges the answers from now on afresh (after a cut, the 429s that caused it are not counted again). */
        void forgetAnswers() {
            answers.clear();
            throttledInWindow = 0;
        }

        Lane(String name) {
            this.name = name;
            for (int i = 0; i < Priority.values().length; i++) {
                queues.add(new ArrayDeque<>());
            }
        }

        /**
         * Nanos until this lane may start a call (0: now). The rate is kept where the host counts, at arrival,
         * which the worker cannot see: a call may arrive at any moment between its hand-over and its answer. So
         * a call counts from when it is chosen until a second after its answer: any calls that arrive within one
         * second of each other were then all counted when the last of them was chosen, and never more than the
         * rate arrive in any second, however their times on the way vary. (Counted from the hand-over instead,
         * for a second plus 25 ms, the sandbox still saw 52 in a second under a limit of 50.) It costs the time
         * a call takes, once a second: little against a host that answers in milliseconds.
         */
        long nanosUntilFree(long now) {
            while (!ends.isEmpty() && now - ends.peekFirst() >= SECOND) {
                ends.removeFirst();
            }
            while (!starts.isEmpty() && now - starts.peekFirst() >= SECOND / SLICES) {
                starts.removeFirst();
            }
            int limit = Math.max(1, (int) rate);
            long wait = 0;
            int counted = ends.size() + open;
            if (counted >= limit) {
                // The call that must leave the window first: the (counted - limit)th oldest answer. If that is a
                // call not answered yet, its answer dispatches again; the timer is only a fallback.
                int oldest = counted - limit;
                if (oldest >= ends.size()) {
                    wait = SECOND;
                } else {
                    Iterator<Long> it = ends.iterator();
                    for (int i = 0; i < oldest; i++) {
                        it.next();
                    }
                    wait = it.next() + SECOND - now;
                }
            }
            // Paced too: at most a tenth of the rate handed over in any tenth of a second (a call chosen but not
            // yet handed over counts as now), so a burst of new work cannot take a whole second's budget at once
            // and leave the checks that fall due meanwhile waiting.
            int burst = (limit + SLICES - 1) / SLICES;
            if (starts.size() + sending >= burst) {
                if (sending >= burst) {
                    wait = Math.max(wait, SECOND / SLICES);
                } else {
                    Iterator<Long> newest = starts.descendingIterator();
                    long start = 0;
                    for (int i = 0; i < burst - sending; i++) {
                        start = newest.next();
                    }
                    wait = Math.max(wait, start + SECOND / SLICES - now);
                }
            }
            return wait <= 0 ? 0 : Math.max(1, wait);
        }

        /** A call chosen to start has been handed to the HTTP client at {@code at} (read under the lock: in order). */
        void sent(long at) {
            sending--;
            starts.addLast(at);
        }

        /** A call of this lane was answered (or failed) at {@code at} (read under the lock: in order). */
        void ended(long at) {
            open--;
            ends.addLast(at);
        }

        /** The index of the best non-empty queue, or -1. */
        int best() {
            for (int i = 0; i < queues.size(); i++) {
                if (!queues.get(i).isEmpty()) {
                    return i;
                }
            }
            return -1;
        }
    }

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
        synchronized (this) {
            lanes.computeIfAbsent(lane, Lane::new).queues.get(priority.ordinal())
                    .addLast(new Waiting<>(call, mayProceed, result, sequence++, priority, nanoTime.getAsLong()));
            waiting++;
        }
        dispatch();
        return result;
    }

    /** Drops every waiting call whose work may no longer proceed, giving its place back at once. */
    public void purge() {
        List<Waiting<?>> dropped = new ArrayList<>();
        synchronized (this) {
            for (Lane lane : lanes.values()) {
                for (ArrayDeque<Waiting<?>> queue : lane.queues) {
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
        for (Waiting<?> w : dropped) {
            w.result().completeExceptionally(new CallAbandonedException("a queued call"));
        }
        dispatch();
    }

    /**
     * The host answered ({@code throttled}: with 429). Too many 429s among the recent answers cut the lane's rate
     * (never below one call per second); otherwise each answer raises it by 1/rate, that is by about one call per
     * second each second, up to the ceiling.
     */
    public synchronized void answered(String lane, boolean throttled) {
        Lane l = lanes.get(lane);
        if (l == null) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (l.answer(now, throttled)) {
            l.rate = Math.max(1, l.rate * (100 - DECREASE_PERCENT) / 100);
            l.forgetAnswers();
            log.info("{}: more than {}% of its recent answers were 429; calling it at {} calls/s at most for now", lane,
                    THROTTLED_SHARE_PERCENT, String.format(Locale.ROOT, "%.1f", l.rate));
        } else if (!throttled && l.rate < ceiling) {
            l.rate = Math.min(ceiling, l.rate + 1 / l.rate);
        }
    }

    /** The rate a lane may be called at now (calls per second). */
    public synchronized double rate(String lane) {
        Lane l = lanes.get(lane);
        return l == null ? ceiling : l.rate;
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
                byRate += lane.rate;
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
            n += lane.queues.get(priority.ordinal()).size();
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
                            && lane.queues.get(q).peekFirst().sequence() < chosen.queues.get(q).peekFirst().sequence())) {
                        chosen = lane;
                        chosenQueue = q;
                    }
                }
                if (chosen == null) {
                    break;
                }
                Waiting<?> next = chosen.queues.get(chosenQueue).pollFirst();
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
                chosen.sending++;
                chosen.open++;
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
    private <T> void start(Lane lane, Waiting<T> w) {
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
