package io.cmkworker.bench;

import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Scenario 2: how many status checks per second the worker gets to the Platform when it has more to do
 * than it can. Thousands of onboardings whose jobs never finish, each checked every second, so demand
 * ({@code orgs} per second) is above capacity; checks are counted at the sandbox over a steady window
 * that starts once every configuration has been POSTed (or the worker has stopped taking new requests, its
 * checks filling the machine) and a warm-up has passed.
 */
final class CheckThroughputBench {

    static final double TARGET_RATIO = 0.7;
    /** After the last POST, before counting: the first checks of the last submissions settle in. */
    static final Duration WARM_UP = Duration.ofSeconds(2);
    /** No new POST for this long: the worker has taken all it will while its checks fill the machine. */
    static final Duration INTAKE_SETTLED = Duration.ofSeconds(10);

    private CheckThroughputBench() {
    }

    static void run(BenchStack stack, BenchOptions options, CeilingBench.Ceilings ceilings,
                    ScenarioResult.Builder result, BenchLog log) throws Exception {
        int orgs = options.checkOrgs();
        Duration window = options.checkWindow();
        result.parameter("orgs", orgs).parameter("checkEvery", "1s").parameter("windowSeconds", window.toSeconds())
                .parameter("rateLimit", "lifted").parameter("maxConcurrentCalls", BenchStack.CONCURRENCY);
        try (SandboxServer sandbox = stack.sandbox(Duration.ofDays(1), Duration.ofDays(1))) {
            CallLog calls = CallLog.of(sandbox);
            Map<String, String> settings = stack.settings("checks", sandbox);
            settings.put("onboarding.check.backoff", "1s");
            WorkerConfig config = WorkerConfig.from(settings);
            try (Worker worker = stack.startWorker(config, new SimpleMeterRegistry(), options.timeout())) {
                List<OnboardingRequest> requests = BenchStack.requests(orgs);
                BenchStack.publish(config, requests);
                int posted = awaitIntake(sandbox, worker, orgs, options.timeout());
                result.figure(Figure.of("onboardings-in-flight", "onboardings in flight while counted", posted,
                        "count"));
                log.line("%,d of %,d onboardings submitted%s; counting status checks for %d s", posted, orgs,
                        posted < orgs ? " (the worker takes no more while its checks run late)" : "",
                        window.toSeconds());
                Waits.pause(WARM_UP.compareTo(window) < 0 ? WARM_UP : window.dividedBy(2));
                Instant from = Instant.now();
                Waits.pause(window);
                Instant to = Instant.now();
                double seconds = Duration.between(from, to).toNanos() / 1e9;
                double rate = calls.count(CallLog::statusCheck, from, to) / seconds;
                result.figure(Figure.of("status-checks-per-second", "status GETs at the sandbox, steady window", rate,
                        "calls/s"));
                result.figure(Figure.of("lower-ceiling", "the lower ceiling (" + ceilings.lowerName() + ")",
                        ceilings.lower(), "per s"));
                result.figure(Figure.of("ratio-to-lower-ceiling", "status checks / lower ceiling",
                        rate / ceilings.lower(), "x", Target.atLeast(TARGET_RATIO)));
                if (posted == orgs && rate > orgs * 0.8) {
                    result.note("demand (" + orgs + " checks/s at most) was not above capacity: run with more"
                            + " --check-orgs for a ceiling-bound figure");
                }
            }
        }
    }

    /**
     * Waits until every configuration is POSTed, or until no new one has been for {@link #INTAKE_SETTLED}: the
     * worker takes new requests only while it takes its due checks on time, so with demand above capacity it
     * stops taking them once its checks fill the machine, and the rest stay in Kafka. Returns how many were
     * POSTed.
     */
    private static int awaitIntake(SandboxServer sandbox, Worker worker, int orgs, Duration timeout)
            throws Exception {
        long[] last = {-1, System.nanoTime()};
        Waits.until(orgs + " configurations POSTed, or the intake settled", timeout, Duration.ofMillis(250), () -> {
            if (!worker.isRunning()) {
                throw new IllegalStateException("the worker stopped");
            }
            int posted = sandbox.postCounts().size();
            if (posted != last[0]) {
                last[0] = posted;
                last[1] = System.nanoTime();
            }
            return posted >= orgs || (posted > 0 && System.nanoTime() - last[1] >= INTAKE_SETTLED.toNanos());
        });
        return sandbox.postCounts().size();
    }
}
