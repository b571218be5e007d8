package io.cmkworker.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs the chosen scenarios one after another on one broker, prints the table and writes the JSON. A
 * scenario that fails is reported with its error and the others still run.
 */
public final class BenchRunner {

    private final PrintStream out;
    /** Measured by the ceilings scenario, or by the status-check scenario when it needs them first. */
    private CeilingBench.Ceilings ceilings;

    public BenchRunner(PrintStream out) {
        this.out = out;
    }

    /** Runs {@code options}; {@code command} is the command line, as the report shows it. */
    public BenchReport run(BenchOptions options, String command) throws IOException {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        Machine machine = Machine.current();
        out.printf("cmk-worker bench (%s sizes) on %d cores, Java %s; scenarios: %s%n",
                options.quick() ? "quick" : "full", machine.cores(), machine.javaVersion(),
                options.scenarios().stream().map(Scenario::id).toList());
        BenchLog log = new BenchLog(out);
        log.line("starting a Kafka broker (KRaft, child JVM)");
        List<ScenarioResult> results = new ArrayList<>();
        try (BenchStack stack = BenchStack.start()) {
            log.line("broker at %s", stack.bootstrapServers());
            ceilings = null;
            for (Scenario scenario : options.scenarios()) {
                log.line("%s", scenario.title());
                ScenarioResult.Builder result = new ScenarioResult.Builder(scenario);
                ScenarioResult done;
                try {
                    run(scenario, stack, options, result, log);
                    done = result.build();
                } catch (Exception e) {
                    stack.keepFiles();
                    done = result.failed(e);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                }
                results.add(done);
                log.line("  done in %.0f s%s", done.seconds(), done.error() == null ? "" : ": FAILED " + done.error());
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        BenchReport report = new BenchReport(command, startedAt, (System.nanoTime() - t0) / 1e9, machine,
                sizes(options), results);
        out.println();
        BenchTable.print(report, out);
        BenchJson.write(report, options.json());
        out.printf("Results written to %s%n", options.json().toAbsolutePath());
        return report;
    }

    private void run(Scenario scenario, BenchStack stack, BenchOptions options, ScenarioResult.Builder result,
                     BenchLog log) throws Exception {
        switch (scenario) {
            case CEILINGS -> ceilings = CeilingBench.run(stack, options, result);
            case CHECKS -> {
                if (ceilings == null) {
                    ceilings = CeilingBench.run(stack, options, new ScenarioResult.Builder(Scenario.CEILINGS));
                    result.note("the ceilings were measured for this ratio, though not asked for");
                }
                CheckThroughputBench.run(stack, options, ceilings, result, log);
            }
            case BULK -> BulkBench.run(stack, options, result, log);
            case LATENESS -> LatenessBench.run(stack, options, false, result, log);
            case LATENESS_PROCESSES -> ProcessesLatenessBench.run(stack, options, result, log);
            case RATE_LIMITED -> LatenessBench.run(stack, options, true, result, log);
            case HEAP -> HeapBench.run(stack, options, result, log);
            case FIRST_OUTCOME -> FirstOutcomeBench.run(stack, options, result);
            case OUTAGE -> OutageBench.run(stack, options, result, log);
        }
    }

    /** What the report says was run, whatever was chosen on the command line. */
    static Map<String, Object> sizes(BenchOptions o) {
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("quick", o.quick());
        sizes.put("scenarios", o.scenarios().stream().map(Scenario::id).toList());
        sizes.put("txRecords", o.txRecords());
        sizes.put("httpWindowSeconds", o.httpWindow().toMillis() / 1000.0);
        sizes.put("checkOrgs", o.checkOrgs());
        sizes.put("checkWindowSeconds", o.checkWindow().toMillis() / 1000.0);
        sizes.put("bulkOrgs", o.bulkOrgs());
        sizes.put("latenessOrgs", o.latenessOrgs());
        sizes.put("rateLimitedOrgs", o.rateLimitedOrgs());
        sizes.put("jobSeconds", o.jobTime().toMillis() / 1000.0);
        sizes.put("heapSmall", o.heapSmall());
        sizes.put("heapLarge", o.heapLarge());
        sizes.put("heapLedger", o.heapLedger());
        sizes.put("workerJvmOptions", String.join(" ", o.workerJvmOptions()));
        sizes.put("workerWarmupOrgs", o.warmupOrgs());
        sizes.put("sandboxTcpNoDelay", Boolean.parseBoolean(System.getProperty(BenchStack.NO_DELAY, "false")));
        sizes.put("commonPoolParallelism", ForkJoinPool.getCommonPoolParallelism());
        return sizes;
    }
}
