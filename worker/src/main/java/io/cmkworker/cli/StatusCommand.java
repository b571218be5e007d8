package io.cmkworker.cli;

import io.cmkworker.app.PlatformAccess;
import io.cmkworker.app.Worker;
import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.SafeText;
import io.cmkworker.listing.ListPrinter;
import io.cmkworker.pipeline.RequestValidator;
import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.OrgTarget;
import io.cmkworker.status.LookedUp;
import io.cmkworker.status.Refreshed;
import io.cmkworker.status.RowRefresh;
import io.cmkworker.status.StatusColumns;
import io.cmkworker.status.StatusLookups;
import io.cmkworker.submit.FileFormat;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.Result;
import io.cmkworker.submit.ResultsFile;
import io.cmkworker.submit.SubmitFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Shows where configurations stand on the Platform, for one organisation or a results file;"
                + " read-only: it never POSTs.",
        description = {"For one organisation (--org, --region, --config-name, --credential): looks its configuration"
                + " up (GET /data/infrastructure/manager/customer/config/{name}?configType=BYOK_CONFIG) and prints its"
                + " job status (RUNNING, UPDATE_EXISTING_RESOURCES, COMPLETED, FAILED, or NOT_FOUND), the key it"
                + " holds and what the status means.",
                "For a results file that submit wrote (--file RESULTS): the same look-up for every row that reached"
                        + " the Platform (INVALID and REJECTED rows are not looked up), all at once within"
                        + " platform.rate.limit, with a progress line on standard error every --progress-every. A row"
                        + " whose job has finished since with the row's key (COMPLETED or FAILED) takes that status;"
                        + " one still running gets the job's status in jobStatus. --results FILE writes the refreshed"
                        + " rows as a results file (it may be RESULTS itself, replaced whole), for submit --retry.",
                "It only reads: it never POSTs and changes nothing on the Platform. It calls IMS with the"
                        + " credentials the look-ups name, so only their client secrets must be set. It does not"
                        + " touch Kafka."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:The configuration is COMPLETED (with --file: every row is).",
                "1:IMS or the Platform refused or did not answer (with --file: for at least one row, which stays as"
                        + " it was).",
                ExitCodes.USAGE_LINE + " Also: a credential the file names is not configured.",
                "3:Not COMPLETED: RUNNING, UPDATE_EXISTING_RESOURCES, FAILED or NOT_FOUND (with --file: at least one"
                        + " row, INVALID ones included)."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** One organisation's configuration, or the rows of a results file. */
    static final class Target {
        @ArgGroup(exclusive = false, multiplicity = "1", heading = "One organisation:%n")
        One one;

        @ArgGroup(exclusive = false, multiplicity = "1", heading = "A results file:%n")
        FromFile file;
    }

    static final class One {
        @Option(names = "--org", required = true, paramLabel = "ORG_ID",
                description = "The organisation, ...@AdobeOrg.")
        String orgId;

        @Option(names = "--region", required = true, paramLabel = "REGION", description = "VA7, NLD2 or AUS5.")
        String region;

        @Option(names = "--config-name", required = true, paramLabel = "NAME",
                description = "The configuration's name (configName).")
        String configName;

        @Option(names = "--credential", required = true, paramLabel = "REF",
                description = "A credential configured in the worker's settings (credentials.<ref>.*).")
        String credential;
    }

    static final class FromFile {
        @Option(names = "--file", required = true, paramLabel = "RESULTS",
                description = "A results file that submit wrote (.csv or .jsonl).")
        Path results;

        @Option(names = "--results", paramLabel = "FILE",
                description = "Also write the refreshed rows there, as a results file (.jsonl/.ndjson/.json: JSON"
                        + " Lines, otherwise CSV). Default: nothing is written.")
        Path write;
    }

    @Mixin
    FormatOption format;

    @Option(names = "--progress-every", defaultValue = "5s", paramLabel = "DURATION",
            description = "How often a progress line goes to standard error while look-ups of a file are awaited."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration progressEvery;

    @Override
    public Integer call() {
        return config.run(SecretsNeeded.NONE, configured -> target.one != null ? one(configured) : file(configured));
    }

    private int one(WorkerConfig configured) throws InterruptedException {
        One o = target.one;
        OrgTarget org = OrgArguments.target(configured, o.orgId, o.region, o.credential);
        if (!RequestValidator.isConfigName(o.configName)) {
            throw new IllegalArgumentException("--config-name must be 1-64 letters, digits, '.', '_' and '-', not '"
                    + SafeText.of(o.configName) + "'");
        }
        Result row = new Result(new Org(0, o.orgId, org.region().name(), o.configName, "",
                o.credential, "", Map.of(), 1), "", Result.PENDING, false, null, null, null, null, null);
        List<Refreshed> refreshed = lookUp(configured, Set.of(o.credential), List.of(row));
        ListPrinter<Refreshed> printer = format.printer(StatusColumns.ONE);
        printer.header();
        refreshed.forEach(printer::row);
        return exitCode(refreshed);
    }

    private int file(WorkerConfig configured) throws Exception {
        SubmitFile.Parsed<Result> parsed = SubmitFile.readResults(target.file.results);
        if (!parsed.problems().isEmpty()) {
            parsed.problems().forEach(p -> System.err.println("  " + p));
            throw new IllegalArgumentException(target.file.results + " has lines that are not results rows (above):"
                    + " fix them first, so that no row is lost");
        }
        Set<String> refs = new TreeSet<>();
        parsed.rows().stream().filter(r -> RowRefresh.skip(r).isEmpty())
                .forEach(r -> refs.add(r.org().credentialRef()));
        OrgArguments.requireConfigured(configured, refs, "the file's credentialRef");
        List<Refreshed> refreshed = lookUp(configured, refs, parsed.rows());
        ListPrinter<Refreshed> printer = format.printer(StatusColumns.ROWS);
        printer.header();
        refreshed.forEach(printer::row);
        printer.footer(summary(refreshed));
        if (target.file.write != null) {
            Path out = target.file.write;
            ResultsFile.write(out, FileFormat.of(out, ""), refreshed.stream().map(Refreshed::after).toList());
            printer.footer("Refreshed results written to " + out + ".");
        }
        return exitCode(refreshed);
    }

    /** Looks the rows up, calling IMS with the credentials {@code refs} only. */
    private List<Refreshed> lookUp(WorkerConfig configured, Set<String> refs, List<Result> rows)
            throws InterruptedException {
        WorkerConfig withSecrets = config.load(SecretsNeeded.only(refs));
        try (Worker.Threads threads = Worker.Threads.create()) {
            PlatformAccess platform = PlatformAccess.create(withSecrets, Clock.systemUTC(), threads.steps(),
                    threads.timers(), CallObserver.NONE);
            return new StatusLookups(platform.client()::findConfig, Clock.systemUTC(), System.err, progressEvery)
                    .refresh(rows);
        }
    }

    /** {@code 12 rows: COMPLETED 10, RUNNING 1, NOT_LOOKED_UP 1; 3 changed: TIMED_OUT -> COMPLETED 2, ...}. */
    private static String summary(List<Refreshed> refreshed) {
        Map<String, Integer> byJob = new TreeMap<>();
        Map<String, Integer> changes = new TreeMap<>();
        for (Refreshed r : refreshed) {
            byJob.merge(r.lookup().label(), 1, Integer::sum);
            if (r.changed()) {
                changes.merge(r.before().status() + " -> " + r.after().status(), 1, Integer::sum);
            }
        }
        List<String> jobs = new ArrayList<>();
        byJob.forEach((label, n) -> jobs.add(label + " " + n));
        List<String> changed = new ArrayList<>();
        changes.forEach((change, n) -> changed.add(change + " " + n));
        int n = changes.values().stream().mapToInt(Integer::intValue).sum();
        return refreshed.size() + (refreshed.size() == 1 ? " row: " : " rows: ") + String.join(", ", jobs) + "; "
                + (n == 0 ? "none changed" : n + " changed: " + String.join(", ", changed));
    }

    private static int exitCode(List<Refreshed> refreshed) {
        if (refreshed.stream().anyMatch(r -> r.lookup() instanceof LookedUp.Failed)) {
            return ExitCodes.FAILED;
        }
        return refreshed.stream().allMatch(r -> r.after().completed()) ? ExitCodes.OK : ExitCodes.NOT_COMPLETED;
    }
}
