package io.cmkworker.submit;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.pipeline.RequestValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One run of {@code submit}: read the file (or the results file to retry), check every line, report the
 * bad ones, publish the good ones, and with {@code follow} wait for their outcomes, write the results file
 * and say what is left to do. Returns the command's exit code.
 */
public final class Submission {

    /** Every line published (with follow: every organisation completed). */
    public static final int OK = 0;
    /** A usage or input error, or bad lines without {@code --skip-invalid}: nothing was published. */
    public static final int BAD_INPUT = 2;
    /** With follow: at least one organisation did not complete. */
    public static final int NOT_ALL_COMPLETED = 3;

    /**
     * What to do.
     *
     * @param retry {@code source} is a results file whose FAILED, ERROR and TIMED_OUT rows are submitted again
     * @param results where the results go; empty for {@link ResultsFile#defaultPath}
     * @param rerun how to run this command again, for the summary ({@code java -jar cmk-worker.jar submit}
     *     with the configuration argument), without the file
     * @param check what else a valid line must pass before it is published ({@link LineCheck#NONE}: nothing)
     */
    public record Request(Path source, boolean retry, boolean follow, boolean skipInvalid, Optional<Path> results,
                          BulkSubmitter.Options options, String rerun, LineCheck check) {
        public Request {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(results, "results");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(check, "check");
        }
    }

    private final WorkerConfig config;
    private final Clock clock;
    private final PrintStream out;
    /** What to do about a line a {@link LineCheck} refused, by line. */
    private final Map<Integer, String> hints = new TreeMap<>();
    /** What the {@link LineCheck} found, to print after the problems; null without one. */
    private String preflight;

    public Submission(WorkerConfig config, Clock clock, PrintStream out) {
        this.config = config;
        this.clock = clock;
        this.out = out;
    }

    public int run(Request request) throws IOException {
        List<Result> kept = new ArrayList<>();
        List<Org> orgs;
        FileFormat format;
        List<LineProblem> unreadable;
        if (request.retry()) {
            SubmitFile.Parsed<Result> parsed = SubmitFile.readResults(request.source());
            RetryPlan.Plan plan = RetryPlan.of(parsed.rows());
            orgs = plan.resubmit();
            kept.addAll(plan.kept());
            format = parsed.format();
            unreadable = parsed.problems();
            out.printf("%d of the %d rows in %s ended FAILED, ERROR or TIMED_OUT: submitting them again.%n", orgs.size(),
                    parsed.rows().size(), request.source());
        } else {
            SubmitFile.Parsed<Org> parsed = SubmitFile.readOrgs(request.source());
            orgs = parsed.rows();
            format = parsed.format();
            unreadable = parsed.problems();
        }
        SubmitValidator.Checked checked = new SubmitValidator(new RequestValidator(config.credentialRefs(),
                new KeyVaultRules(config.keyHosts()), config.ledgerRetention())).check(orgs, clock.instant());
        checked = refuse(checked, request.check());
        List<Result> invalid = invalidRows(checked, unreadable);
        if (!request.retry() || !unreadable.isEmpty() || !checked.invalid().isEmpty()) {
            out.printf("%d %s in %s (%s): %d valid, %d invalid.%n", orgs.size() + lines(unreadable),
                    request.retry() ? "rows to submit again" : "organisations", request.source(), format,
                    checked.valid().size(), invalid.size());
        }
        List<LineProblem> problems = new ArrayList<>(unreadable);
        checked.invalid().forEach(i -> problems.addAll(i.problems()));
        problems.sort(Comparator.comparingInt(LineProblem::line));
        problems.forEach(p -> out.println("  " + p));
        if (preflight != null) {
            out.println(preflight);
        }
        if (!invalid.isEmpty() && !request.skipInvalid()) {
            out.println("Nothing was published: fix the lines above, or publish the valid ones with --skip-invalid.");
            return BAD_INPUT;
        }
        if (checked.valid().isEmpty()) {
            out.println("Nothing to publish.");
            return invalid.isEmpty() && kept.stream().allMatch(Result::completed) ? OK : NOT_ALL_COMPLETED;
        }
        List<Result> submitted = new BulkSubmitter(config, clock, out).submit(checked.valid(), request.options());
        if (!request.follow()) {
            out.println("Follow them with 'outcomes --follow', or submit the same file again with --wait: the"
                    + " request IDs are the same, so nothing is onboarded twice.");
            return OK;
        }
        List<Result> all = new ArrayList<>(submitted);
        all.addAll(invalid);
        all.addAll(kept);
        all.sort(Comparator.comparingInt((Result r) -> r.org().line()).thenComparingInt(r -> r.org().attempt()));
        int attempt = request.retry() ? all.stream().mapToInt(r -> r.org().attempt()).max().orElse(1) : 1;
        Path path = request.results().orElse(ResultsFile.defaultPath(request.source(), format, attempt));
        ResultsFile.write(path, formatOf(path, format), all);
        return summary(submitted, all, path, request.rerun());
    }

    /**
     * The lines {@code check} refuses move from the valid to the invalid ones, with its reason; its hint goes in the
     * results file.
     */
    private SubmitValidator.Checked refuse(SubmitValidator.Checked checked, LineCheck check) {
        if (check == LineCheck.NONE || checked.valid().isEmpty()) {
            return checked;
        }
        Map<Integer, LineCheck.Refused> refused = new TreeMap<>();
        check.refused(checked.valid().stream().map(SubmitValidator.Planned::org).toList())
                .forEach(r -> refused.put(r.line(), r));
        preflight = String.format("Preflight refused %d of the %d lines that passed the worker's rules (above:"
                + " \"preflight failed\").", refused.size(), checked.valid().size());
        List<SubmitValidator.Planned> valid = new ArrayList<>();
        List<SubmitValidator.Invalid> invalid = new ArrayList<>(checked.invalid());
        for (SubmitValidator.Planned p : checked.valid()) {
            LineCheck.Refused r = refused.get(p.org().line());
            if (r == null) {
                valid.add(p);
            } else {
                hints.put(p.org().line(), r.hint());
                invalid.add(new SubmitValidator.Invalid(p.org(), p.request().getRequestId(),
                        List.of(new LineProblem(p.org().line(), "keyVaultKeyIdentifier", p.org().keyVaultKeyIdentifier(),
                                r.reason()))));
            }
        }
        return new SubmitValidator.Checked(valid, invalid);
    }

    /** The lines the problems are on (a line can have several). */
    private static int lines(List<LineProblem> problems) {
        return (int) problems.stream().mapToInt(LineProblem::line).distinct().count();
    }

    private static FileFormat formatOf(Path path, FileFormat fallback) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? FileFormat.CSV : name.endsWith(".jsonl") || name.endsWith(".ndjson")
                || name.endsWith(".json") ? FileFormat.JSONL : fallback;
    }

    /** A row for every line not published: those that broke a rule, and those that could not be read at all. */
    private List<Result> invalidRows(SubmitValidator.Checked checked, List<LineProblem> unreadable) {
        List<Result> rows = new ArrayList<>();
        checked.invalid().forEach(i -> rows.add(invalid(i.org(), i.requestId(), i.problems(),
                hints.get(i.org().line()))));
        Map<Integer, List<LineProblem>> byLine = new TreeMap<>();
        unreadable.forEach(p -> byLine.computeIfAbsent(p.line(), l -> new ArrayList<>()).add(p));
        byLine.forEach((line, problems) -> rows.add(invalid(new Org(line, "", "", "", "", "", "", Map.of(), 1), "",
                problems, null)));
        return rows;
    }

    private static Result invalid(Org org, String requestId, List<LineProblem> problems, String hint) {
        List<String> reasons = problems.stream().map(LineProblem::withoutLine).toList();
        return new Result(org, requestId, Result.INVALID, false, null, "not published: " + String.join("; ", reasons),
                hint, null, null);
    }

    private int summary(List<Result> submitted, List<Result> all, Path path, String rerun) {
        Map<String, Integer> counts = new TreeMap<>();
        all.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        List<String> shown = new ArrayList<>();
        counts.forEach((status, n) -> shown.add(status + " " + n));
        out.printf("Results: %s (%d rows, one per organisation): %s.%n", path, all.size(), String.join(", ", shown));
        long replays = submitted.stream().filter(Result::replay).count();
        if (replays > 0) {
            out.printf("%d of the %d outcomes were replays: those requests had been submitted before, so nothing was"
                    + " sent to the Platform again for them.%n", replays, submitted.size());
        }
        long notCompleted = all.stream().filter(r -> !r.completed()).count();
        if (notCompleted == 0) {
            out.println("Every organisation completed.");
            return OK;
        }
        long retriable = all.stream().filter(r -> Result.RETRIED.contains(r.status())).count();
        out.printf("%d organisations did not complete: see status, reason and hint in %s.%n", notCompleted, path);
        if (retriable > 0) {
            out.printf("Submit the %d FAILED, ERROR and TIMED_OUT ones again with:%n  %s --retry %s --wait%n",
                    retriable, rerun, path);
        }
        return NOT_ALL_COMPLETED;
    }
}
