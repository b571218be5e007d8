package io.cmkworker.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a bench run measures and how big each scenario is. {@link #fullSize()} has the sizes of issue 9's
 * targets; {@link #quickSize()} is a CI-sized run that only proves every scenario still works (its figures
 * are not comparable with the targets).
 *
 * @param quick whether these are the quick sizes (reported with the results)
 * @param scenarios which scenarios to run
 * @param json where the JSON results go
 * @param txRecords records pre-filled for the transactional consume-and-produce ceiling
 * @param httpWindow how long the raw HTTP ceiling is measured (after a warm-up of a fifth of it)
 * @param checkOrgs onboardings whose status is checked every second in the status-check scenario
 * @param checkWindow the steady window over which status checks are counted
 * @param bulkOrgs organisations of the bulk scenario
 * @param latenessOrgs onboardings published at once in the lateness scenario (rate limit lifted)
 * @param rateLimitedOrgs the same under the default rate limit
 * @param jobTime how long a sandbox job runs in the two lateness scenarios
 * @param heapSmall onboardings pending in the first heap measurement
 * @param heapLarge onboardings pending in the second
 * @param heapLedger finished onboardings in the ledger in the third
 * @param timeout the longest any one wait of a scenario may take before it is reported as failed
 * @param workerJvmOptions extra JVM options of the worker process in the three-process lateness scenario (a
 *     flight recording, a collector)
 * @param warmupOrgs onboardings the three-process scenario's worker runs to their outcomes before the measured
 *     burst (0: none, the worker is as young as after a start)
 */
public record BenchOptions(boolean quick, Set<Scenario> scenarios, Path json, int txRecords, Duration httpWindow,
                           int checkOrgs, Duration checkWindow, int bulkOrgs, int latenessOrgs, int rateLimitedOrgs,
                           Duration jobTime, int heapSmall, int heapLarge, int heapLedger, Duration timeout,
                           List<String> workerJvmOptions, int warmupOrgs) {

    public static final Path DEFAULT_JSON = Path.of("bench-results.json");

    public BenchOptions {
        scenarios = scenarios.isEmpty() ? EnumSet.noneOf(Scenario.class) : EnumSet.copyOf(scenarios);
        Objects.requireNonNull(json, "json");
        workerJvmOptions = List.copyOf(workerJvmOptions);
        if (warmupOrgs < 0) {
            throw new IllegalArgumentException("warmupOrgs must be at least 0, was " + warmupOrgs);
        }
        positive("txRecords", txRecords);
        positive("checkOrgs", checkOrgs);
        positive("bulkOrgs", bulkOrgs);
        positive("latenessOrgs", latenessOrgs);
        positive("rateLimitedOrgs", rateLimitedOrgs);
        positive("heapSmall", heapSmall);
        positive("heapLedger", heapLedger);
        if (heapLarge <= heapSmall) {
            throw new IllegalArgumentException("heapLarge must be greater than heapSmall (" + heapSmall + "), was "
                    + heapLarge);
        }
        for (Duration d : new Duration[] {httpWindow, checkWindow, jobTime, timeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, was " + d);
            }
        }
        if (jobTime.toMillis() < 2) {
            throw new IllegalArgumentException("jobTime must be at least 2ms, was " + jobTime);
        }
    }

    /** The sizes of issue 9's targets; the rate-limited scenario alone takes about six minutes. */
    public static BenchOptions fullSize() {
        return new BenchOptions(false, EnumSet.allOf(Scenario.class), DEFAULT_JSON, 100_000, Duration.ofSeconds(10),
                15_000, Duration.ofSeconds(20), 10_000, 2_000, 2_000, Duration.ofSeconds(20), 1_000, 100_000, 100_000,
                Duration.ofMinutes(15), List.of(), 0);
    }

    /** A small run for CI, about a minute on two cores. */
    public static BenchOptions quickSize() {
        return new BenchOptions(true, EnumSet.allOf(Scenario.class), DEFAULT_JSON, 5_000, Duration.ofSeconds(1),
                200, Duration.ofSeconds(2), 200, 150, 30, Duration.ofSeconds(3), 100, 500, 500,
                Duration.ofMinutes(3), List.of(), 0);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    public boolean runs(Scenario scenario) {
        return scenarios.contains(scenario);
    }
}
