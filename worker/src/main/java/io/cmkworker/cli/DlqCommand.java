package io.cmkworker.cli;

import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.domain.SafeText;
import io.cmkworker.kafka.topics.DeadLetterTopic;
import io.cmkworker.kafka.topics.DeadLetterTopic.DeadLetter;
import io.cmkworker.kafka.topics.DeadLetterTopic.Range;
import io.cmkworker.kafka.fault.DeadLetters;
import io.cmkworker.listing.Column;
import io.cmkworker.listing.ListPrinter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Inspects the dead-letter topic (topics.dlq) and replays dead-lettered requests.",
                "Settings come from the same file and CMK_* environment variables as 'run'; no client secret is"
                        + " needed."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"2:No subcommand given (list or replay): the usage is printed."},
        subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
final class DlqCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, header = "Lists the dead letters.",
            description = {"Lists dead letters, one each: partition@offset in the dead-letter topic, when it"
                    + " failed, where it came from (topic-partition@offset), the exception and its message, the key"
                    + " and the value's size; then how many. CSV and JSON also give the request ID, if known.",
                    "Reads read_committed without a consumer group, up to the end of the topic when the command"
                            + " starts."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:Listed (also when there is none).", ExitCodes.KAFKA_LINE, ExitCodes.USAGE_LINE})
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        KafkaConfigOption config;

        @Option(names = "--partition", paramLabel = "P",
                description = "Only this partition of the dead-letter topic. Default: all partitions.")
        Integer partition;

        @Option(names = "--from", paramLabel = "OFFSET", defaultValue = "0",
                description = "First offset to read in each partition. Default: ${DEFAULT-VALUE} (the beginning).")
        long from;

        @Option(names = "--to", paramLabel = "OFFSET",
                description = "Last offset to read in each partition (inclusive). Default: the end of the topic.")
        Long to;

        @Option(names = "--limit", paramLabel = "N", description = "Show at most N dead letters. Default: all.")
        Integer limit;

        @Mixin
        FormatOption format;

        /** A dead letter's columns: where it is, where it came from, why, and what it holds. */
        static final List<Column<DeadLetter>> COLUMNS = List.of(
                Column.table("position", 10, DlqCommand::where),
                Column.data("partition", DeadLetter::partition),
                Column.data("offset", DeadLetter::offset),
                Column.everywhere("failedAt", 24, letter -> letter.header(DeadLetters.FAILED_AT).orElse(null)),
                Column.table("from", 44, letter -> header(letter, DeadLetters.TOPIC) + "-"
                        + header(letter, DeadLetters.PARTITION) + "@" + header(letter, DeadLetters.OFFSET)),
                Column.data("fromTopic", letter -> letter.header(DeadLetters.TOPIC).orElse(null)),
                Column.data("fromPartition", letter -> letter.header(DeadLetters.PARTITION).orElse(null)),
                Column.data("fromOffset", letter -> letter.header(DeadLetters.OFFSET).orElse(null)),
                Column.data("requestId", letter -> letter.header(DeadLetters.REQUEST_ID).orElse(null)),
                Column.table("exception", 30, letter -> letter.header(DeadLetters.EXCEPTION_CLASS)
                        .map(name -> name.substring(name.lastIndexOf('.') + 1)).orElse("?")),
                Column.data("exception", letter -> letter.header(DeadLetters.EXCEPTION_CLASS).orElse(null)),
                Column.everywhere("key", 36, letter -> letter.key() == null ? null
                        : new String(letter.key(), StandardCharsets.UTF_8)),
                Column.table("value", 24, letter -> letter.header(DeadLetters.VALUE_OMITTED)
                        .map(size -> "omitted (" + size + " bytes)")
                        .orElse(letter.value() == null ? "none" : letter.value().length + " bytes")),
                Column.data("valueBytes", letter -> letter.value() == null ? null : letter.value().length),
                Column.data("valueOmittedBytes", letter -> letter.header(DeadLetters.VALUE_OMITTED).orElse(null)),
                Column.everywhere("message", 200, letter -> letter.header(DeadLetters.EXCEPTION_MESSAGE).orElse(null)));

        @Override
        public Integer call() {
            return config.run(SecretsNeeded.NONE, worker -> {
                Range range = new Range(partition == null ? OptionalInt.empty() : OptionalInt.of(partition), from,
                        to == null ? Long.MAX_VALUE : to, limit == null ? Integer.MAX_VALUE : limit);
                List<DeadLetter> letters = new DeadLetterTopic(worker).read(range);
                ListPrinter<DeadLetter> printer = format.printer(COLUMNS);
                printer.header();
                letters.forEach(printer::row);
                printer.footer(count(letters.size()) + " in " + worker.topics().deadLetters()
                        + (limit != null && letters.size() == limit ? " (--limit reached; there may be more)" : ""));
                return ExitCodes.OK;
            });
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            header = "Publishes dead-lettered requests to the requests topic again.",
            description = {"Publishes dead-lettered requests again to the requests topic (topics.requests) with their"
                    + " original key, value and headers, minus the cmk.dlq.* headers and plus cmk.replayed.from ="
                    + " <dlq-topic>-<partition>@<offset>. Fix the cause first (for example, give a restarted worker"
                    + " the newer writer schema with schemas.writers): a request that still fails is dead-lettered"
                    + " again.",
                    "Skips dead letters of internal topics (delay tiers) and those whose value was too large to keep."
                            + " Replaying a dead letter twice publishes it twice; the dead letters stay in the topic."},
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:Replayed (or, with --dry-run, shown); also when none was chosen.", ExitCodes.KAFKA_LINE
                    + " Some may have been published: replay lists each one it published.", ExitCodes.USAGE_LINE})
    static final class ReplayCommand implements Callable<Integer> {

        @Mixin
        KafkaConfigOption config;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Selection selection;

        @Option(names = "--dry-run", description = "Show what would be replayed without publishing anything.")
        boolean dryRun;

        /** Which dead letters: all of them, or a range of one partition. */
        static final class Selection {
            @Option(names = "--all", required = true, description = "Replay every dead letter in the topic.")
            boolean all;

            @ArgGroup(exclusive = false, multiplicity = "1")
            OffsetRange range;
        }

        static final class OffsetRange {
            @Option(names = "--partition", paramLabel = "P", required = true,
                    description = "The partition of the dead-letter topic to replay from.")
            int partition;

            @Option(names = "--from", paramLabel = "OFFSET", required = true,
                    description = "First offset of that partition to replay.")
            long from;

            @Option(names = "--to", paramLabel = "OFFSET",
                    description = "Last offset to replay (inclusive). Default: the end of the partition.")
            Long to;
        }

        @Override
        public Integer call() {
            return config.run(SecretsNeeded.NONE, worker -> {
                OffsetRange r = selection.range;
                Range range = r == null ? Range.all() : new Range(OptionalInt.of(r.partition), r.from,
                        r.to == null ? Long.MAX_VALUE : r.to, Integer.MAX_VALUE);
                DeadLetterTopic topic = new DeadLetterTopic(worker);
                List<DeadLetter> chosen = new ArrayList<>();
                int skipped = 0;
                for (DeadLetter letter : topic.read(range)) {
                    Optional<String> reason = topic.whyNotReplayable(letter);
                    if (reason.isPresent()) {
                        System.out.println("skipped " + where(letter) + ": " + SafeText.of(reason.get(), 300));
                        skipped++;
                    } else {
                        chosen.add(letter);
                    }
                }
                report(topic, chosen, worker.topics().requests(), skipped);
                return ExitCodes.OK;
            });
        }

        private void report(DeadLetterTopic topic, List<DeadLetter> chosen, String requests, int skipped) {
            List<String> written = dryRun || chosen.isEmpty() ? List.of() : topic.replay(chosen);
            for (int i = 0; i < chosen.size(); i++) {
                DeadLetter letter = chosen.get(i);
                System.out.println((dryRun ? "would replay " : "replayed ") + where(letter) + " key=" + key(letter)
                        + " (" + (letter.value() == null ? 0 : letter.value().length) + " bytes) -> "
                        + (dryRun ? requests : written.get(i)));
            }
            System.out.println((dryRun ? "dry run: would replay " : "replayed ") + count(chosen.size()) + " to "
                    + requests + ", skipped " + skipped + (dryRun ? "; nothing was published" : ""));
        }
    }

    private static String where(DeadLetter letter) {
        return letter.partition() + "@" + letter.offset();
    }

    private static String header(DeadLetter letter, String name) {
        return letter.header(name).orElse("?");
    }

    private static String key(DeadLetter letter) {
        return letter.key() == null ? "(none)" : "\"" + SafeText.of(new String(letter.key(), StandardCharsets.UTF_8))
                + "\"";
    }

    private static String count(int n) {
        return n + (n == 1 ? " dead letter" : " dead letters");
    }
}
