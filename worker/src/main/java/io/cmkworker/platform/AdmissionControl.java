package io.cmkworker.platform;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * How many onboardings may be in flight at once, so that the calls of the work already admitted (its
 * status checks, its retries) always fit in the call budget, and new requests wait in Kafka, where they
 * cost nothing, instead of in memory.
 *
 * <p>By Little's law, {@code L = λ W}: an onboarding makes calls at an average rate {@code r} (its calls over
 * its life, from the outcomes of recent onboardings), so {@code L} onboardings in flight make {@code L r}
 * calls a second. The budget is {@value #TARGET_SHARE_PERCENT}% of the capacity {@code C} of the Platform
 * lanes (their rates, cut by AIMD on 429s, and no more than the bulkhead allows at the recent call
 * latency), so at most {@code C / r} onboardings are admitted. The whole budget, not less: the calls of
 * admitted work start before any new request's ({@link CallScheduler.Priority}), so new requests' first
 * calls are what waits when retries and bursts need room, and the intake stops while they queue deep. (At
 * 90%, 2,000 onboardings under a 50 calls/s limit ran at 0.84 of what the limit allows; at 100%, 0.90, with
 * due checks late by p99 0.54 s instead of 0.39 s.) Until enough onboardings have finished to
 * know {@code r}, it is taken as one call per first-check delay (the densest an onboarding can be), which
 * admits few at first and more as outcomes arrive.
 */
public final class AdmissionControl {

    /** Share of the call capacity the work in flight may use. */
    static final int TARGET_SHARE_PERCENT = 100;
    /** How many recent outcomes the average call rate is taken over. */
    static final int WINDOW = 200;
    /** Outcomes needed before the measured rate replaces the first guess. */
    static final int MIN_SAMPLES = 20;

    private final CallScheduler scheduler;
    private final double initialRate;
    private final ArrayDeque<double[]> samples = new ArrayDeque<>();
    private double calls;
    private double seconds;

    /**
     * @param firstCheck the delay before an onboarding's first status check: its densest call rate is one per this
     */
    public AdmissionControl(CallScheduler scheduler, Duration firstCheck) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.initialRate = 1.0 / Math.max(0.001, firstCheck.toMillis() / 1000.0);
    }

    /** An onboarding ended after {@code calls} Platform and IMS calls over {@code took}. */
    public synchronized void finished(int calls, Duration took) {
        if (calls <= 0 || took.isNegative() || took.isZero()) {
            return; // rejected before any call, or a replay: says nothing about the rate
        }
        double s = took.toMillis() / 1000.0;
        samples.addLast(new double[] {calls, s});
        this.calls += calls;
        this.seconds += s;
        if (samples.size() > WINDOW) {
            double[] old = samples.removeFirst();
            this.calls -= old[0];
            this.seconds -= old[1];
        }
    }

    /** The average calls per second of an onboarding in flight, as measured (or first guessed). */
    public synchronized double callRatePerOnboarding() {
        return samples.size() < MIN_SAMPLES || seconds <= 0 ? initialRate : calls / seconds;
    }

    /** The most onboardings that may be in flight now (at least one, so work always moves). */
    public long limit() {
        double budget = scheduler.platformCapacity() * TARGET_SHARE_PERCENT / 100.0;
        double l = budget / callRatePerOnboarding();
        return Math.max(1, l >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) l);
    }
}
