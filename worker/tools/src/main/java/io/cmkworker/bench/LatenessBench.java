package io.cmkworker.bench;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.sandbox.SandboxServer;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Scenarios 4 and 5: many onboardings published at once, jobs of {@code jobTime}, status checks every
 * 1 s, 2 s, then 4 s. Lateness is the worker's own {@code cmk.check.lateness} (when a delayed step's first
 * call went out, minus its due time), every sample of it, so the percentiles are exact. Scenario 4 lifts
 * the rate limit; scenario 5 keeps the default (50 calls/s per host) and also checks the throughput
 * against what that limit allows and the busiest second at the sandbox.
 */
final class LatenessBench {

    static final String CHECK_BACKOFF = "1s,2s,4s";
    static final String LATENESS = "cmk.check.lateness";
    /** Recorded as each call starts (its wait for a place, its host's rate and its turn). */
    static final String QUEUE_WAIT = "cmk.queue.wait";
    /** Scenario 4: time to all outcomes within this much more than one job takes (30 s for 20 s jobs). */
    static final Duration OUTCOMES_SLACK = Duration.ofSeconds(10);
    static final double LIFTED_P99_MS = 250;
    static final double LIFTED_MAX_MS = 1000;
    static final double LIMITED_P99_MS = 1000;
    static final double TARGET_THROUGHPUT_RATIO = 0.9;

    private LatenessBench() {
    }

    static void run(BenchStack stack, BenchOptions options, boolean rateLimited, ScenarioResult.Builder result,
                    BenchLog log) throws Exception {
        int orgs = rateLimited ? options.rateLimitedOrgs() : options.latenessOrgs();
        Duration job = options.jobTime();
        try (SandboxServer sandbox = stack.sandbox(job.dividedBy(2), job.minus(job.dividedBy(2)))) {
            CallLog calls = CallLog.of(sandbox);
            Map<String, String> settings = stack.settings(rateLimited ? "rate-limited" : "lateness", sandbox);
            settings.put("onboarding.check.backoff", CHECK_BACKOFF);
            if (rateLimited) {
                settings.remove("platform.rate.limit"); // the default
            }
            WorkerConfig config = WorkerConfig.from(settings);
            int limit = config.rateLimitPerSecond();
            result.parameter("orgs", orgs).parameter("jobSeconds", job.toMillis() / 1000.0)
                    .parameter("checkBackoff", CHECK_BACKOFF)
                    .parameter("rateLimit", rateLimited ? Integer.toString(limit) : "lifted")
                    .parameter("maxConcurrentCalls", BenchStack.CONCURRENCY);
            SampledRegistry registry = new SampledRegistry(Set.of(LATENESS, QUEUE_WAIT));
            try (Worker worker = stack.startWorker(config, registry, options.timeout());
                 OutcomeWatch outcomes = OutcomeWatch.open(config)) {
                long published = System.nanoTime();
                Duration took = outcomes.publishAndAwait(config, BenchStack.requests(orgs), options.timeout(), log);
                Percentiles lateness = Percentiles.ofNanos(registry.values(LATENESS));
                double early = worker.metrics().total("cmk.check.early");
                result.figure(Figure.of("checks", "delayed steps measured", lateness.count(), "count"));
                result.figure(Figure.of("lateness-p50", "check lateness at the wire, p50",
                        Figure.millis(lateness.p50()), "ms"));
                double p99Target = rateLimited ? LIMITED_P99_MS : LIFTED_P99_MS;
                result.figure(Figure.of("lateness-p99", "check lateness at the wire, p99",
                        Figure.millis(lateness.p99()), "ms", Target.below(p99Target)));
                result.figure(Figure.of("lateness-max", "check lateness at the wire, max",
                        Figure.millis(lateness.max()), "ms", rateLimited ? null : Target.below(LIFTED_MAX_MS)));
                result.figure(Figure.of("early-checks", "checks sent before they were due", early, "count",
                        Target.atMost(0)));
                result.figure(Figure.of("time-to-all-outcomes", "publishing to the last outcome",
                        Figure.seconds(took), "s", rateLimited ? null
                                : Target.atMost(Figure.seconds(job.plus(OUTCOMES_SLACK)))));
                double throughput = orgs / Figure.seconds(took);
                result.figure(Figure.of("onboardings-per-second", "onboardings per second", throughput, "/s"));
                if (rateLimited) {
                    rateFigures(result, calls, registry, orgs, limit, throughput);
                }
                result.figure(Figure.of("not-completed", "outcomes other than COMPLETED", outcomes.notCompleted(),
                        "count", Target.atMost(0)));
                result.note("where delayed steps waited, longest (mean): " + queueWaits(registry));
                result.note("checks late by more than " + (long) LIFTED_P99_MS + " ms, by second after publishing: "
                        + lateBySecond(registry, published));
            }
        }
    }

    private static void rateFigures(ScenarioResult.Builder result, CallLog calls, SampledRegistry registry, int orgs,
                                    int limit, double throughput) {
        long platformCalls = calls.count(CallLog::platform);
        double perOnboarding = (double) platformCalls / orgs;
        double allowed = limit / perOnboarding;
        result.figure(Figure.of("calls-per-onboarding", "Platform calls per onboarding", perOnboarding, "calls"));
        result.figure(Figure.of("allowed-onboardings-per-second", "what the limit allows: limit / calls each",
                allowed, "/s"));
        result.figure(Figure.of("throughput-ratio", "onboardings per second / allowed", throughput / allowed, "x",
                Target.atLeast(TARGET_THROUGHPUT_RATIO)));
        int atSandbox = SlidingWindow.busiest(calls.arrivals(CallLog::platform), Duration.ofSeconds(1)).count();
        result.figure(Figure.of("busiest-second", "most Platform calls at the sandbox in any 1 s", atSandbox,
                "calls", Target.atMost(limit)));
        // The same count where the worker starts its calls (Platform calls: priorities other than the IMS token's).
        long[] starts = registry.recordedAt(id -> id.getName().equals(QUEUE_WAIT)
                && List.of("calls-admitted", "calls-new").contains(id.getTag("queue")));
        result.figure(Figure.of("busiest-second-at-worker", "most Platform call starts at the worker in any 1 s",
                SlidingWindow.busiest(starts, Duration.ofSeconds(1)).count(), "calls"));
    }

    /** How many checks were late by more than the lifted p99 target in each second after publishing (none: "none"). */
    private static String lateBySecond(SampledRegistry registry, long published) {
        long[] values = registry.values(LATENESS);
        long[] times = registry.recordedAt(id -> id.getName().equals(LATENESS));
        SortedMap<Long, Integer> bySecond = new TreeMap<>();
        for (int i = 0; i < Math.min(values.length, times.length); i++) {
            if (values[i] > TimeUnit.MILLISECONDS.toNanos((long) LIFTED_P99_MS)) {
                bySecond.merge(TimeUnit.NANOSECONDS.toSeconds(times[i] - published), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        bySecond.forEach((second, n) -> parts.add(second + " s: " + n));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The longest and the mean wait in each queue a call goes through, as the worker's meters saw them. */
    private static String queueWaits(SampledRegistry registry) {
        List<String> parts = new ArrayList<>();
        for (Timer t : registry.find(QUEUE_WAIT).timers()) {
            parts.add(String.format(Locale.ROOT, "%s %.0f ms (%.1f ms)", t.getId().getTag("queue"),
                    t.max(TimeUnit.MILLISECONDS), t.mean(TimeUnit.MILLISECONDS)));
        }
        Collections.sort(parts);
        return String.join(", ", parts);
    }
}
