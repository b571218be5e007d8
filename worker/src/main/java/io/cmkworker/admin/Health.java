package io.cmkworker.admin;

import io.cmkworker.kafka.loop.WorkerLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether an instance is alive (an orchestrator should restart it if not) and ready (it is doing its
 * share of the work), with the reasons when it is not.
 *
 * <ul>
 *   <li><b>Live</b>: the poll loop runs and turned within {@link #LOOP_SILENCE}, and no record has been in
 *       work longer than {@code stuckAfter}.</li>
 *   <li><b>Ready</b>: live, connected to a Kafka broker, with partitions assigned, every slot it holds
 *       read back (its ledger restored), and no partition held (for committed metadata it does not read).</li>
 * </ul>
 */
public record Health(boolean live, boolean ready, List<String> problems) {

    /** The loop turns every poll interval; a minute without a turn (beyond any drain) means it is stuck. */
    public static final Duration LOOP_SILENCE = Duration.ofMinutes(1);

    public Health {
        problems = List.copyOf(problems);
    }

    /** Judges the loop's status at {@code nowNanos} ({@link System#nanoTime()}). */
    public static Health of(boolean running, WorkerLoop.Status s, long nowNanos, Duration stuckAfter) {
        List<String> problems = new ArrayList<>();
        boolean live = running;
        if (!running) {
            problems.add("the worker loop has stopped");
        }
        long silent = nowNanos - s.lastTurnNanos();
        if (silent > LOOP_SILENCE.toNanos()) {
            live = false;
            problems.add("the poll loop has not turned for " + Duration.ofNanos(silent).toSeconds() + " s");
        }
        if (s.oldestWorkNanos() != 0 && nowNanos - s.oldestWorkNanos() > stuckAfter.toNanos()) {
            live = false;
            problems.add("a record has been in work for " + Duration.ofNanos(nowNanos - s.oldestWorkNanos()).toSeconds()
                    + " s (admin.stuck.after is " + stuckAfter.toSeconds() + " s)");
        }
        boolean ready = live;
        if (!s.connected()) {
            ready = false;
            problems.add("not connected to a Kafka broker");
        }
        if (s.assignedPartitions() == 0) {
            ready = false;
            problems.add("no partitions assigned");
        }
        if (s.readySlots() < s.heldSlots()) {
            ready = false;
            problems.add((s.heldSlots() - s.readySlots()) + " slot(s) still being read back");
        }
        for (String held : s.heldPartitions()) {
            ready = false;
            problems.add("holding " + held);
        }
        return new Health(live, ready, problems);
    }
}
