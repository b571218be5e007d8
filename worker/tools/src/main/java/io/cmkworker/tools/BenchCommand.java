package io.cmkworker.tools;

import io.cmkworker.bench.BenchOptions;
import io.cmkworker.cli.Main;
import io.cmkworker.bench.BenchReport;
import io.cmkworker.bench.BenchRunner;
import io.cmkworker.bench.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Measures the worker on this machine against the ceilings of its broker and Platform simulator.",
        description = {"Starts a real Kafka broker (KRaft) and the Platform + IMS sandbox, then runs, one after"
                + " another: 1. ceilings (transactional consume->produce records/s, async HTTP calls/s);"
                + " 2. status-check throughput against the lower ceiling; 3. bulk onboarding at 200 ms per call"
                + " against the ideal; 4. check lateness with the rate limit lifted; 4b. the same with the broker, the"
                + " sandbox and the worker in three processes, lateness taken where the checks arrive, and the"
                + " worker's CPU per 1,000 checks; 5. the same under the default"
                + " rate limit; 6. the worker's heap after GC (in a child JVM); 7. the time from the command to the"
                + " first outcome. Prints a table with each figure's target and writes JSON.",
                "Full size takes about 17 minutes on two cores (scenario 5 alone about six); --quick is a small run"
                        + " for CI whose figures are not comparable with the targets.",
                "Exit codes: 0 every scenario ran (whether or not its figures met their targets); 1 a scenario"
                        + " failed; 2 bad options."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Small sizes, about a minute: for CI, to keep the bench working.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "bench-results.json",
            description = "Where to write the results. Default: ${DEFAULT-VALUE}.")
    Path json;

    @Option(names = "--scenarios", paramLabel = "LIST", split = ",",
            description = "Only these, comma-separated: ceilings, checks, bulk, lateness, lateness-processes,"
                    + " rate-limited, heap, first-outcome, outage. Default: all.")
    List<String> scenarios;

    @Option(names = "--tx-records", paramLabel = "N", description = "Records for the transactional ceiling"
            + " (full 100,000; quick 5,000).")
    Integer txRecords;

    @Option(names = "--http-window", paramLabel = "DURATION", description = "How long the HTTP ceiling is measured"
            + " (full 10s; quick 1s).")
    Duration httpWindow;

    @Option(names = "--check-orgs", paramLabel = "N", description = "Onboardings checked every second in scenario 2"
            + " (full 15,000; quick 200).")
    Integer checkOrgs;

    @Option(names = "--check-window", paramLabel = "DURATION", description = "Steady window of scenario 2"
            + " (full 20s; quick 2s).")
    Duration checkWindow;

    @Option(names = "--bulk-orgs", paramLabel = "N", description = "Organisations of scenario 3 (full 10,000;"
            + " quick 200).")
    Integer bulkOrgs;

    @Option(names = "--lateness-orgs", paramLabel = "N", description = "Onboardings of scenarios 4 and 4b (full"
            + " 2,000; quick 150).")
    Integer latenessOrgs;

    @Option(names = "--rate-limited-orgs", paramLabel = "N", description = "Onboardings of scenario 5 (full 2,000,"
            + " about six minutes at 50 calls/s; quick 30).")
    Integer rateLimitedOrgs;

    @Option(names = "--job-time", paramLabel = "DURATION", description = "How long a sandbox job runs in scenarios"
            + " 4, 4b and 5 (full 20s; quick 3s).")
    Duration jobTime;

    @Option(names = "--heap-small", paramLabel = "N", description = "Pending onboardings, first heap measurement"
            + " (full 1,000; quick 100).")
    Integer heapSmall;

    @Option(names = "--heap-large", paramLabel = "N", description = "Pending onboardings, second heap measurement"
            + " (full 100,000; quick 500).")
    Integer heapLarge;

    @Option(names = "--heap-ledger", paramLabel = "N", description = "Finished onboardings in the ledger, third"
            + " heap measurement (full 100,000; quick 500).")
    Integer heapLedger;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Longest wait of any one step of a scenario"
            + " (full 15m; quick 3m).")
    Duration timeout;

    @Option(names = "--worker-jvm-options", paramLabel = "OPTIONS",
            description = "Extra JVM options, separated by spaces, of the worker process of scenario 4b"
                    + " (lateness-processes), e.g. -XX:StartFlightRecording=filename=worker.jfr,settings=profile.")
    String workerJvmOptions;

    @Option(names = "--worker-warmup", paramLabel = "N", description = "Onboardings the worker process of scenario"
            + " 4b runs to their outcomes before the measured burst, so that it is measured warm (default 0: as young"
            + " as after a start).")
    Integer workerWarmup;

    @Option(names = "--verbose", description = "Show the worker's log lines too.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        BenchOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            return 2;
        }
        if (!verbose) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.cmkworker"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        // The original arguments start with this command's own name.
        String command = Main.invocation() + " " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        BenchReport report = new BenchRunner(System.out).run(options, command);
        return report.failures() == 0 ? 0 : 1;
    }

    private BenchOptions options() {
        BenchOptions base = quick ? BenchOptions.quickSize() : BenchOptions.fullSize();
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        if (scenarios == null) {
            chosen.addAll(base.scenarios());
        } else {
            scenarios.forEach(s -> chosen.add(Scenario.of(s)));
        }
        return new BenchOptions(quick, chosen, json, or(txRecords, base.txRecords()), or(httpWindow, base.httpWindow()),
                or(checkOrgs, base.checkOrgs()), or(checkWindow, base.checkWindow()), or(bulkOrgs, base.bulkOrgs()),
                or(latenessOrgs, base.latenessOrgs()), or(rateLimitedOrgs, base.rateLimitedOrgs()),
                or(jobTime, base.jobTime()), or(heapSmall, base.heapSmall()), or(heapLarge, base.heapLarge()),
                or(heapLedger, base.heapLedger()), or(timeout, base.timeout()),
                workerJvmOptions == null || workerJvmOptions.isBlank() ? base.workerJvmOptions()
                        : List.of(workerJvmOptions.trim().split("\\s+")), or(workerWarmup, base.warmupOrgs()));
    }

    private static <T> T or(T given, T otherwise) {
        return given == null ? otherwise : given;
    }
}
