package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.kafka.topics.TopicSetup;
import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 7: how long an operator waits, from starting a worker ({@code java ... run --config FILE}, a new
 * JVM with the JDK's defaults) to the first outcome, with a request already waiting in Kafka and the broker
 * running. The sandbox finishes jobs at once; the first status check waits the smallest delay (1 s).
 */
final class FirstOutcomeBench {

    private FirstOutcomeBench() {
    }

    static void run(BenchStack stack, BenchOptions options, ScenarioResult.Builder result) throws Exception {
        result.parameter("requestsWaiting", 1).parameter("jobs", "complete at once").parameter("checkEvery", "1s")
                .parameter("brokerStartSeconds", stack.brokerStart().toMillis() / 1000.0);
        try (SandboxServer sandbox = stack.sandbox(Duration.ZERO, Duration.ZERO)) {
            CallLog calls = CallLog.of(sandbox);
            Map<String, String> settings = stack.settings("first-outcome", sandbox);
            settings.put("onboarding.check.backoff", "1s");
            WorkerConfig config = WorkerConfig.from(settings);
            TopicSetup.ensure(config);
            List<OnboardingRequest> requests = BenchStack.requests(1);
            try (OutcomeWatch outcomes = OutcomeWatch.open(config)) {
                outcomes.expect(List.of(requests.get(0).getRequestId()));
                BenchStack.publish(config, requests);
                try (ChildWorker worker = ChildWorker.start(settings, List.of(), stack.workDir(), "first-outcome")) {
                    outcomes.awaitFirst(options.timeout());
                    Duration toCall = Duration.between(worker.launchedAt(),
                            calls.first(CallLog::platform).orElseThrow());
                    result.figure(Figure.of("command-to-first-call", "command to its first Platform call",
                            Figure.seconds(toCall), "s"));
                    result.figure(Figure.of("command-to-first-outcome", "command to the first outcome",
                            (outcomes.firstNanos() - worker.launchedNanos()) / 1e9, "s"));
                }
            }
        }
        result.note("includes the JVM start, Kafka connection, group join, ledger read-back, the token, the lookup,"
                + " the POST and one status check 1 s later; the broker (started "
                + String.format("%.1f", stack.brokerStart().toMillis() / 1000.0) + " s before, for the whole run) is"
                + " not included");
    }
}
