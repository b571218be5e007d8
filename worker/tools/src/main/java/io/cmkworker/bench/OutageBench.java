package io.cmkworker.bench;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.sandbox.Faults;
import io.cmkworker.sandbox.SandboxServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Scenario 8: a misbehaving Platform with the worker's defaults (rate limit, retries, breaker, backoffs):
 * 20% of calls answered 503, 5% 429, 200 ± 100 ms per call, and a full outage of 30 s that starts once a
 * quarter of the configurations have been POSTed. Figures: the time from publishing to the last outcome,
 * the calls the sandbox received during the outage per second, and the most POSTs any configuration got
 * (there must be one each).
 */
final class OutageBench {

    static final double TARGET_SECONDS = 120;

    private OutageBench() {
    }

    static void run(BenchStack stack, BenchOptions options, ScenarioResult.Builder result, BenchLog log)
            throws Exception {
        int orgs = options.quick() ? 40 : 200;
        Duration outage = options.quick() ? Duration.ofSeconds(5) : Duration.ofSeconds(30);
        result.parameter("orgs", orgs).parameter("errors", "20% 503").parameter("throttled", "5% 429")
                .parameter("latencyMs", "200 ± 100").parameter("outage", outage.toSeconds() + " s")
                .parameter("jobs", "3 s running, 3 s updating").parameter("worker", "defaults");
        try (SandboxServer sandbox = stack.sandbox(Duration.ofSeconds(3), Duration.ofSeconds(3))) {
            sandbox.faults().set(new Faults.Plan(Map.of(503, 0.20), 0.05, Duration.ofSeconds(1),
                    Duration.ofMillis(200), Duration.ofMillis(100), Duration.ZERO, false));
            CallLog calls = CallLog.of(sandbox);
            Map<String, String> settings = stack.settings("outage", sandbox);
            settings.remove("platform.rate.limit");
            settings.remove("platform.max.concurrent.calls");
            WorkerConfig config = WorkerConfig.from(settings);
            try (Worker worker = stack.startWorker(config, new SimpleMeterRegistry(), options.timeout());
                 OutcomeWatch outcomes = OutcomeWatch.open(config)) {
                List<OnboardingRequest> requests = BenchStack.requests(orgs);
                outcomes.expect(requests.stream().map(OnboardingRequest::getRequestId).toList());
                long published = System.nanoTime();
                BenchStack.publish(config, requests);
                Waits.until("a quarter of the POSTs", options.timeout(),
                        () -> sandbox.postCounts().size() >= orgs / 4);
                Instant from = Instant.now();
                sandbox.faults().outage(outage);
                log.line("outage of %d s from now (%d configurations POSTed)", outage.toSeconds(),
                        sandbox.postCounts().size());
                outcomes.awaitAll(options.timeout(), log);
                Duration took = Duration.ofNanos(outcomes.lastNanos() - published);
                long during = calls.count(CallLog::platform, from, from.plus(outage));
                int mostPosts = sandbox.postCounts().values().stream().mapToInt(Integer::intValue).max().orElse(0);
                result.figure(Figure.of("time-to-last-outcome", "publishing to the last outcome",
                        Figure.seconds(took), "s", options.quick() ? null : Target.atMost(TARGET_SECONDS)));
                result.figure(Figure.of("calls-per-second-during-outage", "Platform calls per second in the outage",
                        during / (double) outage.toSeconds(), "calls/s"));
                result.figure(Figure.of("most-posts-per-config", "most POSTs one configuration received",
                        mostPosts, "POSTs", Target.atMost(1)));
                result.figure(Figure.of("not-completed", "outcomes other than COMPLETED", outcomes.notCompleted(),
                        "count", Target.atMost(0)));
            }
        }
    }
}
