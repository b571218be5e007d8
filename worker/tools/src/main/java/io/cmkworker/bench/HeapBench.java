package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Scenario 6: the worker's heap after a full GC, in a worker process of its own (the bench's JVM also holds
 * the sandbox). First with a few and then with many onboardings pending: submitted, their jobs never
 * finishing, their next check an hour away (a 1 h delay tier, so pending checks sit still in Kafka and the
 * load stays near zero). Then, in a second process, with many finished onboardings in the ledger. Each
 * measurement waits until every configuration was POSTed (or every outcome read) and the worker has no record
 * in work, forces a GC with {@code jcmd GC.run} and reads {@code GC.heap_info}.
 */
final class HeapBench {

    /** The worker process's JVM options: the JDK's default collector (G1 on this kind of machine). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx1g");
    static final double TARGET_MB = 256;
    static final double TARGET_GROWTH = 1.2;
    private static final double MB = 1024 * 1024;
    /** How often to ask whether a measurement may start (each time copies the sandbox's POSTs, scrapes /metrics). */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private HeapBench() {
    }

    static void run(BenchStack stack, BenchOptions options, ScenarioResult.Builder result, BenchLog log)
            throws Exception {
        result.parameter("pendingSmall", options.heapSmall()).parameter("pendingLarge", options.heapLarge())
                .parameter("ledger", options.heapLedger()).parameter("jvmOptions", String.join(" ", JVM_OPTIONS))
                .parameter("pendingCheckEvery", "1h");
        double idle;
        double small;
        double large;
        try (SandboxServer sandbox = stack.sandbox(Duration.ofDays(1), Duration.ofDays(1))) {
            Map<String, String> settings = stack.settings("heap-pending", sandbox);
            settings.put("delay.tiers", "1s,5s,15s,30s,60s,1h");
            settings.put("onboarding.check.backoff", "1h");
            WorkerConfig config = WorkerConfig.from(settings);
            try (ChildWorker worker = ChildWorker.start(settings, JVM_OPTIONS, stack.workDir(), "heap-pending")) {
                awaitReady(worker, options.timeout());
                log.line("worker process %d ready; forcing a GC", worker.pid());
                idle = HeapProbe.usedAfterGc(worker.pid()) / MB;
                small = pending(worker, sandbox, config, options.heapSmall(), options.heapSmall(), options, log);
                large = pending(worker, sandbox, config, options.heapLarge() - options.heapSmall(),
                        options.heapLarge(), options, log);
            }
        }
        result.figure(Figure.of("heap-idle", "heap after GC, worker ready, nothing pending", idle, "MB"));
        result.figure(Figure.of("heap-pending-small", "heap after GC, " + count(options.heapSmall()) + " pending",
                small, "MB"));
        result.figure(Figure.of("heap-pending-large", "heap after GC, " + count(options.heapLarge()) + " pending",
                large, "MB", Target.below(TARGET_MB)));
        result.figure(Figure.of("heap-pending-growth", "large / small pending", large / small, "x",
                Target.atMost(TARGET_GROWTH)));
        double ledger = ledger(stack, options, log);
        result.figure(Figure.of("heap-ledger", "heap after GC, " + count(options.heapLedger()) + " in the ledger",
                ledger, "MB"));
        result.figure(Figure.of("heap-per-pending", "per pending onboarding, beyond the small case",
                Math.max(0, large - small) * MB / (options.heapLarge() - options.heapSmall()), "bytes"));
    }

    /** Publishes {@code more} requests and measures once the worker holds {@code total} pending. */
    private static double pending(ChildWorker worker, SandboxServer sandbox, WorkerConfig config, int more, int total,
                                  BenchOptions options, BenchLog log) throws Exception {
        List<OnboardingRequest> requests = BenchStack.requests(more);
        BenchStack.publish(config, requests);
        log.line("published %,d requests", more);
        // Every request's POST answered and its transaction committed: nothing left in work.
        Waits.until(total + " configurations POSTed and committed", options.timeout(), CHECK_EVERY, () ->
                alive(worker) && sandbox.postCounts().size() >= total && worker.metric("cmk_records_in_work") == 0);
        log.line("%,d onboardings pending in the worker process; forcing a GC", total);
        return HeapProbe.usedAfterGc(worker.pid()) / MB;
    }

    /** A second worker process whose ledger holds {@code heapLedger} finished onboardings. */
    private static double ledger(BenchStack stack, BenchOptions options, BenchLog log) throws Exception {
        try (SandboxServer sandbox = stack.sandbox(Duration.ZERO, Duration.ZERO)) {
            Map<String, String> settings = stack.settings("heap-ledger", sandbox);
            settings.put("onboarding.check.backoff", "1s");
            WorkerConfig config = WorkerConfig.from(settings);
            try (ChildWorker worker = ChildWorker.start(settings, JVM_OPTIONS, stack.workDir(), "heap-ledger")) {
                awaitReady(worker, options.timeout()); // it has created the topics
                log.line("worker process %d ready; publishing %,d requests", worker.pid(), options.heapLedger());
                try (OutcomeWatch outcomes = OutcomeWatch.open(config)) {
                    outcomes.publishAndAwait(config, BenchStack.requests(options.heapLedger()), options.timeout(), log);
                }
                Waits.until("the worker to finish its records", options.timeout(), CHECK_EVERY, () ->
                        alive(worker) && worker.metric("cmk_records_in_work") == 0);
                log.line("%,d finished onboardings in the ledger; forcing a GC", options.heapLedger());
                return HeapProbe.usedAfterGc(worker.pid()) / MB;
            }
        }
    }

    static void awaitReady(ChildWorker worker, Duration timeout) throws Exception {
        Waits.until("the worker process to be ready (log: " + worker.log() + ")", timeout,
                () -> alive(worker) && worker.ready());
    }

    private static boolean alive(ChildWorker worker) {
        if (!worker.isAlive()) {
            throw new IllegalStateException("the worker process exited; its log is " + worker.log());
        }
        return true;
    }

    private static String count(int n) {
        return String.format("%,d", n);
    }
}
