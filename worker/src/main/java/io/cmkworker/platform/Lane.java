package io.cmkworker.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One host's queues (one per {@link CallScheduler.Priority}), its recent calls, and the rate it may be called
 * at now. Not thread-safe: the {@link CallScheduler} that owns it calls it under its lock, with times it read
 * there, so every log below is in time order.
 */
final class Lane {

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

    final String name;
    private final int ceiling;
    private final List<ArrayDeque<QueuedCall<?>>> queues = new ArrayList<>();
    /** When its recent calls were handed to the HTTP client, oldest first (for pacing). */
    private final ArrayDeque<Long> starts = new ArrayDeque<>();
    /** Calls chosen to start but not yet handed to the HTTP client. */
    private int sending;
    /** When its calls of the last second were answered (or failed), oldest first (for the rate). */
    private final ArrayDeque<Long> ends = new ArrayDeque<>();
    /** Calls chosen to start and not yet answered: the host may see them at any moment. */
    private int open;
    /**
     * Recent answers (since the last cut, at most {@link #JUDGED_SECONDS} old), counted per tenth of a second in a
     * ring: the same few bytes however many calls a second the host takes.
     */
    private final int[] answeredIn = new int[JUDGED_SECONDS * SLICES];
    private final int[] throttledIn = new int[JUDGED_SECONDS * SLICES];
    /** The tenth of a second (nanoTime / 100 ms) of the newest slot of the ring, once there is one. */
    private long newestSlice;
    private boolean judging;
    private int answersJudged;
    private int throttledJudged;
    private double rate;

    Lane(String name, int ceiling) {
        this.name = name;
        this.ceiling = ceiling;
        this.rate = ceiling;
        for (int i = 0; i < CallScheduler.Priority.values().length; i++) {
            queues.add(new ArrayDeque<>());
        }
    }

    double rate() {
        return rate;
    }

    ArrayDeque<QueuedCall<?>> queue(int priority) {
        return queues.get(priority);
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

    /** All its queues, best first. */
    List<ArrayDeque<QueuedCall<?>>> queues() {
        return queues;
    }

    /**
     * Records an answer ({@code throttled}: a 429). When more than {@value #THROTTLED_SHARE_PERCENT}% of at least
     * {@value #MIN_ANSWERS} answers in the last {@value #JUDGED_SECONDS} seconds were 429 (the host says we call
     * too fast, not a stray refusal), the rate is cut by {@value #DECREASE_PERCENT}% (never below one call per
     * second) and the answers are judged afresh, so the 429s that caused a cut are not counted again. Otherwise
     * each answer that is not a 429 raises the rate by 1/rate, about one call per second each second, up to the
     * ceiling. Judging a few seconds of answers, not one, keeps a steady trickle of 429s that do not come from
     * our rate (5% at random, say) from cutting it again and again, which on few answers a second it would do
     * by chance alone.
     *
     * @return true if this answer cut the rate
     */
    boolean answered(long now, boolean throttled) {
        int slot = slotOf(now);
        answeredIn[slot]++;
        answersJudged++;
        if (throttled) {
            throttledIn[slot]++;
            throttledJudged++;
        }
        if (answersJudged >= MIN_ANSWERS && throttledJudged * 100 > THROTTLED_SHARE_PERCENT * answersJudged) {
            rate = Math.max(1, rate * (100 - DECREASE_PERCENT) / 100);
            judging = false;
            return true;
        }
        if (!throttled && rate < ceiling) {
            rate = Math.min(ceiling, rate + 1 / rate);
        }
        return false;
    }

    /** The ring's slot for {@code now}, after emptying the slots that fell out of the judged seconds. */
    private int slotOf(long now) {
        long slice = Math.floorDiv(now, SECOND / SLICES);
        int slots = answeredIn.length;
        if (!judging || slice - newestSlice >= slots) {
            Arrays.fill(answeredIn, 0);
            Arrays.fill(throttledIn, 0);
            answersJudged = 0;
            throttledJudged = 0;
            judging = true;
            newestSlice = slice;
        } else {
            for (long s = newestSlice + 1; s <= slice; s++) {
                int i = (int) Math.floorMod(s, (long) slots);
                answersJudged -= answeredIn[i];
                throttledJudged -= throttledIn[i];
                answeredIn[i] = 0;
                throttledIn[i] = 0;
            }
            newestSlice = Math.max(newestSlice, slice);
        }
        return (int) Math.floorMod(newestSlice, (long) slots);
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

    /** A call was chosen to start: it counts against the rate from now. */
    void chosen() {
        sending++;
        open++;
    }

    /** A call chosen to start has been handed to the HTTP client at {@code at}. */
    void sent(long at) {
        sending--;
        starts.addLast(at);
    }

    /** A call of this lane was answered (or failed) at {@code at}. */
    void ended(long at) {
        open--;
        ends.addLast(at);
    }
}
