package io.cmkworker.bench;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.sandbox.Faults;
import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.util.Map;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Scenario 3: many organisations at once against a Platform that takes 200 ms per call and finishes jobs
 * at once. The time from publishing to the last outcome is compared with the ideal, {@code calls x 200 ms
 * / 64}, counting the calls the sandbox actually received; the first status check of each waits the
 * smallest check delay (1 s), which the ideal does not count.
 */
final class BulkBench {

    static final Duration LATENCY = Duration.ofMillis(200);
    static final double TARGET_RATIO = 1.25;

    private BulkBench() {
    }

    static void run(BenchStack stack, BenchOptions options, ScenarioResult.Builder result, BenchLog log)
            throws Exception {
        int orgs = options.bulkOrgs();
        result.parameter("orgs", orgs).parameter("latencyMs", LATENCY.toMillis()).parameter("jobs", "complete at once")
                .parameter("checkEvery", "1s").parameter("rateLimit", "lifted")
                .parameter("maxConcurrentCalls", BenchStack.CONCURRENCY);
        try (SandboxServer sandbox = stack.sandbox(Duration.ZERO, Duration.ZERO)) {
            sandbox.faults().set(new Faults.Plan(Map.of(), 0, Duration.ofSeconds(1), LATENCY, Duration.ZERO,
                    Duration.ZERO, false));
            CallLog calls = CallLog.of(sandbox);
            Map<String, String> settings = stack.settings("bulk", sandbox);
            settings.put("onboarding.check.backoff", "1s");
            WorkerConfig config = WorkerConfig.from(settings);
            try (Worker worker = stack.startWorker(config, new SimpleMeterRegistry(), options.timeout());
                 OutcomeWatch outcomes = OutcomeWatch.open(config)) {
                Duration took = outcomes.publishAndAwait(config, BenchStack.requests(orgs), options.timeout(), log);
                long platformCalls = calls.count(CallLog::platform);
                Duration ideal = IdealTime.of(platformCalls, LATENCY, BenchStack.CONCURRENCY);
                result.figure(Figure.of("time-to-last-outcome", "publishing to the last outcome", Figure.seconds(took),
                        "s"));
                result.figure(Figure.of("platform-calls", "Platform calls the sandbox received", platformCalls,
                        "calls"));
                result.figure(Figure.of("ideal-time", "ideal: calls x 200 ms / 64", Figure.seconds(ideal), "s"));
                result.figure(Figure.of("ratio-to-ideal", "time / ideal", IdealTime.ratio(took, ideal), "x",
                        Target.atMost(TARGET_RATIO)));
                result.figure(Figure.of("not-completed", "outcomes other than COMPLETED", outcomes.notCompleted(),
                        "count", Target.atMost(0)));
                if (options.quick()) {
                    result.note("at quick sizes the 1 s before each first status check and the start-up of the"
                            + " pipeline weigh more than the ideal; compare full-size runs only");
                }
            }
        }
    }
}
