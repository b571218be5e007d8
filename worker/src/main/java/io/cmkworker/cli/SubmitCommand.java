package io.cmkworker.cli;

import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.preflight.PreflightChecker;
import io.cmkworker.preflight.PreflightReport;
import io.cmkworker.submit.BulkSubmitter;
import io.cmkworker.submit.LineCheck;
import io.cmkworker.submit.Submission;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Onboards the organisations of a CSV or JSON Lines file, and follows their outcomes.",
        description = {"Reads FILE (CSV with a header row, or JSON Lines; one organisation per line: orgId, region,"
                + " configName, keyVaultKeyIdentifier, credentialRef, optional deadline and metadata), checks every"
                + " line with the worker's own rules and reports the bad ones by line, field and reason. When all are"
                + " good (or with --skip-invalid) it publishes one OnboardingRequest per line, with a request ID"
                + " derived from the line's content: submitting the same file again onboards nobody twice (the"
                + " worker answers with replays).",
                "With --wait it follows the outcomes of exactly those requests, with a progress bar on a terminal"
                        + " and plain lines otherwise, writes a results file (one row per organisation: requestId,"
                        + " orgId, configName, status, reason, hint, startedAt, finishedAt, then the request's fields)"
                        + " and prints a summary.",
                "--retry RESULTS_FILE submits again the rows of a results file that ended FAILED, ERROR or"
                        + " TIMED_OUT, as new requests: FAILED ones (and ERRORs on a name taken by another key) under"
                        + " a new configuration name, NAME-r2, NAME-r3...; the others under the same name, whose"
                        + " existing job the worker follows instead of creating it again.",
                "--preflight first checks each valid line's key vault and key as the 'preflight' command does (read-only,"
                        + " with DefaultAzureCredential, or --sandbox); the lines it refuses are not published, and"
                        + " are INVALID rows of the results file with the reason and what to do.",
                "It publishes to Kafka and never calls IMS or the Platform: no client secret is needed."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:Every line published; with --wait, every organisation COMPLETED.",
                ExitCodes.KAFKA_LINE + " Publishing the same file again is safe: its request IDs repeat.",
                "2:Usage or configuration error, or bad lines without --skip-invalid: nothing was published.",
                "3:With --wait, at least one organisation did not complete (see the results file)."})
final class SubmitCommand implements Callable<Integer> {

    @Mixin
    KafkaConfigOption config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    /** A file of organisations, or a results file to retry. */
    static final class Input {
        @Parameters(paramLabel = "FILE", description = "The organisations (.csv, or .jsonl / .ndjson / .json).")
        Path file;

        @Option(names = "--retry", paramLabel = "RESULTS_FILE",
                description = "Submit again the FAILED, ERROR and TIMED_OUT rows of this results file.")
        Path retry;
    }

    @Option(names = "--wait", description = "Follow the outcomes, show progress, write the results file.")
    boolean follow;

    @Option(names = "--skip-invalid", description = "Publish the good lines even when some are bad (those are"
            + " INVALID in the results file).")
    boolean skipInvalid;

    @Option(names = "--results", paramLabel = "FILE", description = "Where --wait writes the results (.csv or"
            + " .jsonl). Default: next to the input, orgs.csv -> orgs.results.csv (a retry: orgs.r2.results.csv).")
    Path results;

    @Option(names = "--timeout", defaultValue = "1h", description = "Longest wait for outcomes. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--progress-every", defaultValue = "5s", paramLabel = "DURATION",
            description = "How often a progress line is printed when the output is not a terminal. Default:"
                    + " ${DEFAULT-VALUE}.")
    Duration progressEvery;

    @Option(names = "--preflight", description = "Check each line's key vault and key first (as 'preflight' does);"
            + " publish none of the lines it refuses.")
    boolean preflight;

    @Mixin
    PreflightOptions vaults;

    @Override
    public Integer call() {
        return config.run(SecretsNeeded.NONE, worker -> {
            try (PreflightChecker checker = preflight ? vaults.checker(worker.keyHosts()) : null) {
                LineCheck check = checker == null ? LineCheck.NONE : lines -> refused(checker.check(lines,
                        PreflightChecker.Listener.NONE));
                return new Submission(worker, Clock.systemUTC(), System.out).run(new Submission.Request(
                        input.file != null ? input.file : input.retry, input.retry != null, follow, skipInvalid,
                        Optional.ofNullable(results),
                        new BulkSubmitter.Options(follow, timeout, progressEvery, System.console() != null),
                        Main.invocation() + " submit" + config.arguments(), check));
            }
        });
    }

    /** The lines whose key failed a preflight check, with the reason and the to-do. */
    private static List<LineCheck.Refused> refused(PreflightReport report) {
        return report.failed().stream().map(k -> new LineCheck.Refused(k.line(), k.reason(), k.hint())).toList();
    }
}
