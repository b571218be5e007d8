package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.sandbox.SandboxServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Scenario 4b: scenario 4 laid out as production is, the broker, the Platform (the {@code sandbox} command) and
 * the worker ({@code run}) each in a process of its own, sharing the machine's cores. Lateness is taken where the
 * checks arrive: each status GET's arrival at the sandbox (its call log) minus the due time of the delayed step
 * that made it (read back from the delay topics). The CPU each process used from publishing to the last outcome
 * is read from the OS, and the worker's is given per 1,000 status checks counted at the sandbox.
 */
final class ProcessesLatenessBench {

    static final String NAME = "lateness-processes";
    private static final String CONSUMED = "kafka_consumer_fetch_manager_records_consumed_total";
    /**
     * The JVM options the production image runs its commands with (worker/Dockerfile's ENTRYPOINT; a test keeps them
     * equal): the worker process, and the sandbox as docker compose runs it from the same image. For the worker,
     * {@code --worker-jvm-options} come after them, and a later option wins ({@code -XX:TieredStopAtLevel=4}
     * measures it with the server compiler).
     */
    static final List<String> PRODUCTION_JVM_OPTIONS = List.of("-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1");
    static final long LATE_MILLIS = (long) LatenessBench.LIFTED_P99_MS;

    private ProcessesLatenessBench() {
    }

    /** What the worker, the sandbox and the broker did from publishing the burst to its last outcome. */
    private record Window(Instant published, Duration took, int notCompleted, Usage cpu, Map<String, Double> byThread,
                          double kafkaWaitMillis, double transactions, double hops, double fetches,
                          double consumed) {
    }

    /** A window, every call the sandbox received and the status checks that fell due in it. */
    private record Measured(Window window, CallLog calls, List<DueSteps.Due> dues) {
    }

    static void run(BenchStack stack, BenchOptions options, ScenarioResult.Builder result, BenchLog log)
            throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        result.parameter("orgs", options.latenessOrgs()).parameter("jobSeconds", options.jobTime().toMillis() / 1000.0)
                .parameter("checkBackoff", LatenessBench.CHECK_BACKOFF).parameter("rateLimit", "lifted")
                .parameter("maxConcurrentCalls", BenchStack.CONCURRENCY)
                .parameter("workerJvmOptions", String.join(" ", workerJvm(options)))
                .parameter("sandboxJvmOptions", String.join(" ", PRODUCTION_JVM_OPTIONS))
                .parameter("workerWarmupOrgs", options.warmupOrgs())
                .parameter("loadAverageAtStart", Math.round(load * 100) / 100.0);
        report(measure(stack, options, log), options, result);
    }

    private static Measured measure(BenchStack stack, BenchOptions options, BenchLog log) throws Exception {
        int orgs = options.latenessOrgs();
        Duration job = options.jobTime();
        List<String> sandboxJvm = new ArrayList<>(PRODUCTION_JVM_OPTIONS);
        sandboxJvm.add("-D" + BenchStack.NO_DELAY + "=" + System.getProperty(BenchStack.NO_DELAY, "false"));
        try (ChildSandbox sandbox = ChildSandbox.start(job.dividedBy(2), job.minus(job.dividedBy(2)), sandboxJvm,
                stack.workDir(), NAME + "-sandbox", options.timeout())) {
            Map<String, String> settings = stack.settings(NAME, sandbox.baseUri(), sandbox.imsTokenUrl());
            settings.put("onboarding.check.backoff", LatenessBench.CHECK_BACKOFF);
            WorkerConfig config = WorkerConfig.from(settings);
            Window window;
            try (ChildWorker worker = ChildWorker.start(settings, workerJvm(options), stack.workDir(),
                    NAME + "-worker")) {
                HeapBench.awaitReady(worker, options.timeout());
                if (options.warmupOrgs() > 0) {
                    log.line("worker process %d ready; warming it up with %,d onboardings", worker.pid(),
                            options.warmupOrgs());
                    try (OutcomeWatch warmup = OutcomeWatch.open(config)) {
                        warmup.publishAndAwait(config, BenchStack.requests(options.warmupOrgs()), options.timeout(),
                                log);
                    }
                }
                log.line("worker process %d and sandbox process %d ready; publishing %,d requests", worker.pid(),
                        sandbox.pid(), orgs);
                String metricsBefore = worker.metrics();
                try (OutcomeWatch outcomes = OutcomeWatch.open(config)) {
                    ThreadCpu threadsBefore = ThreadCpu.of(worker.pid());
                    Usage before = Usage.now(worker, sandbox, stack);
                    Duration took = outcomes.publishAndAwait(config, BenchStack.requests(orgs), options.timeout(), log);
                    Usage cpu = Usage.now(worker, sandbox, stack).minus(before);
                    Map<String, Double> byThread = ThreadCpu.of(worker.pid()).since(threadsBefore);
                    String metrics = worker.metrics();
                    window = new Window(before.at(), took, outcomes.notCompleted(), cpu, byThread,
                            1000 * PrometheusText.sum(metrics, "cmk_queue_wait_seconds_max", "queue=\"kafka\""),
                            delta(metricsBefore, metrics, "cmk_transactions_committed_total"),
                            delta(metricsBefore, metrics, "cmk_delay_hops_total"),
                            delta(metricsBefore, metrics, "kafka_consumer_fetch_manager_fetch_total"),
                            PrometheusText.sumWithout(metrics, CONSUMED, "topic")
                                    - PrometheusText.sumWithout(metricsBefore, CONSUMED, "topic"));
                }
            }
            CallLog calls = sandbox.stopAndReadCalls();
            // The measured burst only: a warm-up's checks fell due, and arrived, before it was published.
            List<DueSteps.Due> dues = DueSteps.read(config, options.timeout()).stream()
                    .filter(d -> !d.dueAt().isBefore(window.published())).toList();
            return new Measured(window, calls, dues);
        }
    }

    private static void report(Measured measured, BenchOptions options, ScenarioResult.Builder result) {
        Window run = measured.window();
        int orgs = options.latenessOrgs();
        Duration took = run.took();
        Usage cpu = run.cpu();
        Predicate<SandboxServer.Call> inWindow = c -> CallLog.statusCheck(c) && !c.at().isBefore(run.published());
        ArrivalLateness joined = ArrivalLateness.join(measured.calls().calls(inWindow), measured.dues());
        Percentiles lateness = Percentiles.ofNanos(joined.nanos(c -> true));
        long checksAtSandbox = measured.calls().count(inWindow);
        result.figure(Figure.of("not-completed", "outcomes other than COMPLETED", run.notCompleted(), "count",
                Target.atMost(0)));
        result.figure(Figure.of("checks", "status checks joined with their due step", lateness.count(), "count"));
        result.figure(Figure.of("unjoined-checks", "status checks or due steps that could not be joined",
                joined.unjoined(), "count", Target.atMost(0)));
        result.figure(Figure.of("lateness-p50", "check lateness at the sandbox, p50", nonNegativeMillis(lateness.p50()),
                "ms"));
        result.figure(Figure.of("lateness-p99", "check lateness at the sandbox, p99", nonNegativeMillis(lateness.p99()),
                "ms", Target.below(LatenessBench.LIFTED_P99_MS)));
        result.figure(Figure.of("lateness-max", "check lateness at the sandbox, max", nonNegativeMillis(lateness.max()),
                "ms"));
        result.figure(Figure.of("early-checks", "checks that arrived before they were due", joined.early(), "count",
                Target.atMost(0)));
        result.figure(Figure.of("time-to-all-outcomes", "publishing to the last outcome", Figure.seconds(took), "s",
                Target.atMost(Figure.seconds(options.jobTime().plus(LatenessBench.OUTCOMES_SLACK)))));
        result.figure(Figure.of("onboardings-per-second", "onboardings per second", orgs / Figure.seconds(took), "/s"));
        result.figure(Figure.of("status-checks-at-sandbox", "status checks the sandbox answered", checksAtSandbox,
                "count"));
        double perThousand = checksAtSandbox == 0 ? 0 : 1000.0 / checksAtSandbox;
        result.figure(Figure.of("worker-cpu-per-1000-checks", "worker process CPU per 1,000 status checks",
                Figure.seconds(cpu.worker()) * perThousand, "s"));
        double jit = run.byThread().getOrDefault(ThreadCpu.JIT, 0.0);
        result.figure(Figure.of("worker-cpu-per-1000-checks-without-jit",
                "the same without the JIT compilers' threads", Math.max(0, Figure.seconds(cpu.worker()) - jit)
                        * perThousand, "s"));
        result.figure(Figure.of("worker-cpu", "worker process CPU, publishing to the last outcome",
                Figure.seconds(cpu.worker()), "s"));
        result.figure(Figure.of("sandbox-cpu", "sandbox process CPU, the same window", Figure.seconds(cpu.sandbox()),
                "s"));
        result.figure(Figure.of("broker-cpu", "broker process CPU, the same window", Figure.seconds(cpu.broker()),
                "s"));
        result.note(String.format(Locale.ROOT, "CPU over %.1f s of %d cores: worker %.0f%%, sandbox %.0f%%, broker"
                        + " %.0f%% of the machine", Figure.seconds(took), Runtime.getRuntime().availableProcessors(),
                share(cpu.worker(), took), share(cpu.sandbox(), took), share(cpu.broker(), took)));
        result.note("worker CPU by thread, the same window: " + ThreadCpu.describe(run.byThread()));
        result.note("lateness p99 by check of its request: " + byCheck(joined));
        result.note("checks late by more than " + LATE_MILLIS + " ms, by second after publishing: "
                + lateBySecond(joined, run.published()));
        result.note(String.format(Locale.ROOT, "longest wait of a due step for the loop (the worker's"
                + " cmk_queue_wait_seconds_max{queue=\"kafka\"}): %.0f ms", run.kafkaWaitMillis()));
        double records = orgs + checksAtSandbox + run.hops();
        result.note(String.format(Locale.ROOT, "the worker's loop, the same window: %.0f transactions committed, %.0f"
                + " delayed records moved on to their next tier (hops); %.1f records a transaction (requests, checks"
                + " and hops); %.0f fetch requests (%.0f a second); the consumer returned %.0f records, %.1f for each"
                + " one taken (the excess was given back to the consumer with a seek and fetched again: new requests beyond"
                + " the intake's pace, records of a partition that could not take them)",
                run.transactions(), run.hops(), records / Math.max(1, run.transactions()), run.fetches(),
                run.fetches() / Figure.seconds(took), run.consumed(), run.consumed() / records));
    }

    /** The production image's JVM options, then those given on the command line. */
    static List<String> workerJvm(BenchOptions options) {
        List<String> all = new ArrayList<>(PRODUCTION_JVM_OPTIONS);
        all.addAll(options.workerJvmOptions());
        return all;
    }

    private static double delta(String before, String after, String metric) {
        return PrometheusText.sum(after, metric) - PrometheusText.sum(before, metric);
    }

    private static double nonNegativeMillis(Duration d) {
        return Math.max(0, Figure.millis(d));
    }

    private static double share(Duration cpu, Duration window) {
        return 100 * Figure.seconds(cpu) / Figure.seconds(window) / Runtime.getRuntime().availableProcessors();
    }

    /** p99 of the first, second and third checks of each request, and of the later ones. */
    private static String byCheck(ArrivalLateness joined) {
        List<String> parts = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            int number = n;
            parts.add(describe("check " + n, joined, c -> c.checkNumber() == number));
        }
        parts.add(describe("later", joined, c -> c.checkNumber() > 3));
        return String.join(", ", parts);
    }

    private static String describe(String name, ArrivalLateness joined, Predicate<ArrivalLateness.Check> which) {
        Percentiles p = Percentiles.ofNanos(joined.nanos(which));
        return String.format(Locale.ROOT, "%s %.0f ms (%d)", name, Figure.millis(p.p99()), p.count());
    }

    private static String lateBySecond(ArrivalLateness joined, Instant published) {
        SortedMap<Long, Integer> bySecond = new TreeMap<>();
        for (ArrivalLateness.Check check : joined.checks()) {
            if (check.lateness().toMillis() > LATE_MILLIS) {
                bySecond.merge(Duration.between(published, check.arrivedAt()).toSeconds(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        bySecond.forEach((second, n) -> parts.add(second + " s: " + n));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    /** The CPU time each process had used at an instant (or between two, after {@link #minus}). */
    private record Usage(Instant at, Duration worker, Duration sandbox, Duration broker) {

        static Usage now(ChildWorker worker, ChildSandbox sandbox, BenchStack stack) {
            return new Usage(Instant.now(), worker.cpu(), sandbox.cpu(), stack.brokerCpu());
        }

        /** What was used since {@code earlier}; its instant is the earlier one. */
        Usage minus(Usage earlier) {
            return new Usage(earlier.at, worker.minus(earlier.worker), sandbox.minus(earlier.sandbox),
                    broker.minus(earlier.broker));
        }
    }
}
