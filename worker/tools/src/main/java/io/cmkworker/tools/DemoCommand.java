package io.cmkworker.tools;

import io.cmkworker.demo.DemoRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a real Kafka broker (KRaft), the Platform + IMS sandbox and the worker on this machine,"
                + " onboards synthetic organisations (some designed to fail), shows progress and a table of outcomes.",
                "Exits 0 when every request reached the outcome it was designed for and nothing was POSTed twice."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--orgs", defaultValue = "20", description = "Organisations to onboard. Default: ${DEFAULT-VALUE}.")
    int orgs;

    @Option(names = "--failures", defaultValue = "3",
            description = "How many of them get a key the sandbox fails. Default: ${DEFAULT-VALUE}.")
    int failures;

    @Option(names = "--timeout", defaultValue = "110s",
            description = "Give up waiting for outcomes after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--job-running", defaultValue = "2s",
            description = "How long the sandbox keeps a job RUNNING. Default: ${DEFAULT-VALUE}.")
    Duration jobRunning;

    @Option(names = "--job-updating", defaultValue = "3s",
            description = "How long it then keeps it UPDATE_EXISTING_RESOURCES. Default: ${DEFAULT-VALUE}.")
    Duration jobUpdating;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--chaos", description = "Make the sandbox misbehave: 5xx, 429 with Retry-After, latency, and an"
            + " 8 s outage. Every request must still end as designed, with one POST each.")
    boolean chaos;

    @Option(names = "--verbose", description = "Show the worker's log lines too.")
    boolean verbose;

    @Option(names = "--stack", arity = "0..1", paramLabel = "SETTINGS_FILE", fallbackValue = "demo-stack.properties",
            description = "Instead of onboarding synthetic organisations, keep the broker, the sandbox and the worker"
                    + " running until Ctrl-C, with their settings written to SETTINGS_FILE (default"
                    + " ${FALLBACK-VALUE}) for --config of submit, outcomes, dlq and app-registration; the sandbox's"
                    + " Key Vault simulator too, its certificate beside the settings (demo-stack.vault.pem) for"
                    + " preflight --sandbox.")
    Path stack;

    @Override
    public Integer call() throws Exception {
        if (!verbose) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.cmkworker"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        if (orgs < 1 || failures < 0 || failures > orgs) {
            System.err.println("--orgs must be at least 1 and --failures between 0 and --orgs");
            return 2;
        }
        DemoRunner.Options options = new DemoRunner.Options(orgs, failures, timeout, jobRunning, jobUpdating,
                partitions, chaos);
        return stack != null ? new DemoRunner(System.out).serve(options, stack) : new DemoRunner(System.out).run(options);
    }
}
