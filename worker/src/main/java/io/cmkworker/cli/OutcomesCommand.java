package io.cmkworker.cli;

import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.topics.OutcomeReader;
import io.cmkworker.listing.ListFormat;
import io.cmkworker.listing.ListPrinter;
import io.cmkworker.outcomes.OutcomeFilter;
import io.cmkworker.outcomes.OutcomeFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "outcomes", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Prints onboarding outcomes, filtered, as a table, CSV or JSON Lines.",
        description = {"Reads the outcomes topic (topics.outcomes) read_committed, without a consumer group, from"
                + " the beginning (or from --since), prints the outcomes that match every filter given, and stops at"
                + " the end of the topic; with --follow it goes on printing new ones until stopped (Ctrl-C).",
                "Repeat --org, --status and --request-id to allow several values. Times are ISO-8601"
                        + " (2026-11-29T10:00:00Z), a date (2026-11-29, UTC), or a duration ago (2h); they apply to"
                        + " when an outcome finished.",
                "It only reads Kafka and never calls IMS or the Platform: no client secret is needed."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:The outcomes were printed (with --follow, it runs until stopped).", ExitCodes.KAFKA_LINE
                + " Also: the outcomes topic holds a record that is not an outcome.", ExitCodes.USAGE_LINE})
final class OutcomesCommand implements Callable<Integer> {

    private static final Duration POLL = Duration.ofMillis(200);

    @Mixin
    KafkaConfigOption config;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new outcomes until stopped.")
    boolean follow;

    @Option(names = "--org", paramLabel = "ORG_ID", description = "Only this organisation (repeatable).")
    List<String> orgs = new ArrayList<>();

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only this status (repeatable): ${COMPLETION-CANDIDATES}.")
    List<OutcomeStatus> statuses = new ArrayList<>();

    @Option(names = "--request-id", paramLabel = "ID", description = "Only this request ID (repeatable).")
    List<String> requestIds = new ArrayList<>();

    @Option(names = "--since", paramLabel = "TIME", description = "Only outcomes that finished at or after TIME.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only outcomes that finished before TIME.")
    String until;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        return config.run(SecretsNeeded.NONE, worker -> {
            Instant now = Instant.now();
            OutcomeFilter filter = new OutcomeFilter(new HashSet<>(orgs), new HashSet<>(statuses),
                    new HashSet<>(requestIds), Optional.ofNullable(since).map(t -> OutcomeFilter.parseTime(t, now)),
                    Optional.ofNullable(until).map(t -> OutcomeFilter.parseTime(t, now)));
            int shown = 0;
            boolean replays = false;
            ListPrinter<OnboardingOutcome> printer = format.printer(OutcomeFormat.COLUMNS);
            try (OutcomeReader reader = filter.since().map(s -> OutcomeReader.since(worker, s))
                    .orElseGet(() -> new OutcomeReader(worker))) {
                printer.header();
                do {
                    for (OnboardingOutcome outcome : reader.poll(POLL)) {
                        if (filter.matches(outcome)) {
                            printer.row(outcome);
                            shown++;
                            replays |= outcome.getReplay();
                        }
                    }
                    System.out.flush();
                } while (follow || !reader.caughtUp());
            }
            printer.footer(shown + (shown == 1 ? " outcome" : " outcomes")
                    + (replays && printer.format() == ListFormat.TABLE ? "; " + OutcomeFormat.tableLegend() : ""));
            return ExitCodes.OK;
        });
    }
}
