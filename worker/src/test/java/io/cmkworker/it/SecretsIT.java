package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.app.Worker;
import io.cmkworker.cli.Main;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.Condition;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A realistic run (completed, failed, rejected, undecodable, a credential IMS refuses, and every token
 * revoked mid-run) leaves no client secret and no access token anywhere a person or another system
 * can read: on any topic of the run (keys, values, headers, aborted records included), in the log, in
 * any command's help, or in the outcomes.
 */
@ExtendWith(KafkaBroker.class)
class SecretsIT {

    /** Where logback-test.xml writes every test log line (relative to the worker module), as text and as JSON. */
    private static final List<Path> TEST_LOGS = List.of(Path.of("target", "test-logs", "tests.log"),
            Path.of("target", "test-logs", "tests.json.log"));

    @TempDir
    Path dir;

    @Test
    void leavesNoSecretOrTokenInTopicsLogsHelpOrOutcomes() throws Exception {
        String wrongSecret = "wrong-" + UUID.randomUUID();
        try (Harness h = new Harness("secrets")) {
            String ledger = h.names().ledger();
            String[] overrides = {"credentials.bad.client.id", Harness.CLIENT_ID,
                    "credentials.bad.client.secret", wrongSecret};
            Worker worker = h.startWorker(overrides);

            List<OnboardingRequest> fine = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fine.add(Requests.valid(Harness.CREDENTIAL).build());
            }
            OnboardingRequest failing = Requests.failing(Harness.CREDENTIAL).build();
            OnboardingRequest invalid = Requests.valid(Harness.CREDENTIAL).setRegion("MARS1").build();
            OnboardingRequest refused = Requests.valid("bad").build();

            h.publish(fine.get(0), fine.get(1), fine.get(2), failing);
            await().atMost(Duration.ofSeconds(60)).until(() -> !h.sandbox().tokensIssued().isEmpty()
                    && h.sandbox().postCounts().size() >= 2);
            h.sandbox().revokeTokens();
            h.publish(fine.get(3), fine.get(4), invalid, refused);
            h.publishRaw(h.names().requests(), "secrets-poison".getBytes(StandardCharsets.UTF_8),
                    "{\"clientSecret\": \"not avro\"}".getBytes(StandardCharsets.UTF_8));

            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(8, Duration.ofSeconds(90));
            for (OnboardingRequest request : fine) {
                assertThat(outcomes.get(request.getRequestId()).getStatus())
                        .as(outcomes.get(request.getRequestId()).getReason()).isEqualTo(OutcomeStatus.COMPLETED);
            }
            assertThat(outcomes.get(failing.getRequestId()).getStatus()).isEqualTo(OutcomeStatus.FAILED);
            assertThat(outcomes.get(invalid.getRequestId()).getStatus()).isEqualTo(OutcomeStatus.REJECTED);
            assertThat(outcomes.get(refused.getRequestId()).getStatus())
                    .as(outcomes.get(refused.getRequestId()).getReason()).isEqualTo(OutcomeStatus.ERROR);
            assertThat(OnboardingPipelineIT.readAll(h, h.names().dlq(), 1)).as("dead letters").hasSize(1);
            assertThat(worker.failure()).isEmpty();
            assertThat(h.sandbox().calls()).as("the revoked token was refused by the Platform at least once")
                    .hasKeySatisfying(new Condition<>(
                            k -> k.contains("/customer/config") && k.endsWith(" 401"), "a Platform call answered 401"));
            h.stopWorkers(); // every log line and transaction of the run is written before the scan

            Set<String> secrets = new LinkedHashSet<>(List.of(h.clientSecret(), wrongSecret));
            List<String> tokens = h.sandbox().tokensIssued();
            assertThat(tokens).as("a token before and a fresh one after the revocation").hasSizeGreaterThanOrEqualTo(2);
            secrets.addAll(tokens);
            Scanner scanner = new Scanner(secrets);
            scannerFindsWhatIsPlanted(scanner, tokens.get(tokens.size() - 1), wrongSecret);

            // (a) every record of every topic of this run
            Map<String, Integer> scanned = scanTopics(scanner, h, ledger);
            assertThat(scanned).as("records scanned per topic")
                    .containsKeys(h.names().requests(), h.names().outcomes(), h.names().dlq(), ledger,
                            h.names().delayPrefix() + ".1s", h.names().delayPrefix() + ".5s");
            assertThat(scanned.get(h.names().requests())).isGreaterThanOrEqualTo(9);
            assertThat(scanned.get(h.names().outcomes())).isGreaterThanOrEqualTo(8);
            assertThat(scanned.get(h.names().dlq())).isEqualTo(1);
            assertThat(scanned.get(ledger)).isGreaterThanOrEqualTo(8);
            assertThat(scanned.get(h.names().delayPrefix() + ".1s")).isPositive();

            // (b) every line of the test log, in both formats
            List<String> lines = new ArrayList<>();
            for (Path log : TEST_LOGS) {
                List<String> logLines = Files.readAllLines(log, StandardCharsets.UTF_8);
                assertThat(logLines).as("%s holds this run's lines", log)
                        .anyMatch(l -> l.contains(h.names().requests()));
                for (int i = 0; i < logLines.size(); i++) {
                    scanner.scan(log + ":" + (i + 1), logLines.get(i));
                }
                lines.addAll(logLines);
            }

            // (c) the help of every command, also when a configuration file full of secrets is given
            Path config = h.configFile(dir, overrides);
            for (List<String> command : commands()) {
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                CommandLineRun help = CommandLineRun.of(args.toArray(String[]::new));
                assertThat(help.exit()).as("exit code of %s", args).isZero();
                assertThat(help.out()).as("help of %s", args).isNotBlank();
                scanner.scan("help of " + args, help.out() + help.err());
            }
            for (List<String> args : List.of(List.of("run", "--config", config.toString(), "--help"),
                    List.of("dlq", "list", "--config", config.toString(), "--help"),
                    List.of("dlq", "replay", "--config", config.toString(), "--help"), List.of("--version"))) {
                CommandLineRun help = CommandLineRun.of(args.toArray(String[]::new));
                scanner.scan("output of " + args, help.out() + help.err());
            }

            // (d) the outcomes, every field
            for (OnboardingOutcome outcome : h.outcomes()) {
                scanner.scan("reason of outcome " + outcome.getRequestId(), outcome.getReason());
                scanner.scan("outcome " + outcome.getRequestId(), outcome.toString());
            }

            // (e) the configuration as a program would print it
            scanner.scan("the worker configuration's toString", String.valueOf(h.config(overrides)));

            System.out.printf("SecretsIT: looked for %d secrets and tokens in %d places: records per topic %s, %d log"
                    + " lines, %d commands' help, %d outcomes; sandbox calls %s%n", secrets.size(), scanner.scanned(),
                    scanned, lines.size(), commands().size(), h.outcomes().size(), h.sandbox().calls());
            assertThat(scanner.findings()).as("secrets or tokens found (%d places scanned)", scanner.scanned())
                    .isEmpty();
        }
    }

    /** A scanner that cannot find what is there would pass every run; prove it finds it in each kind of place. */
    private static void scannerFindsWhatIsPlanted(Scanner real, String token, String secret) {
        Scanner probe = new Scanner(real.secrets());
        RecordHeaders headers = new RecordHeaders();
        headers.add("authorization", ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
        probe.scanRecord("planted header", "k".getBytes(StandardCharsets.UTF_8), null, headers);
        assertThat(probe.findings()).as("a token planted in a header").hasSize(1).allMatch(f -> f.contains("header"));

        probe = new Scanner(real.secrets());
        probe.scanRecord("planted header key", null, null,
                new RecordHeaders().add(secret, "v".getBytes(StandardCharsets.UTF_8)));
        probe.scanRecord("planted key", ("org-" + token).getBytes(StandardCharsets.UTF_8), null, new RecordHeaders());
        OnboardingOutcome leaky = OnboardingOutcome.newBuilder().setRequestId("r").setOrgId("o").setConfigName("c")
                .setStatus(OutcomeStatus.ERROR).setReason("IMS said no to " + secret).setPlatform(null)
                .setViolations(List.of()).setAttempts(1).setStartedAt(Instant.now()).setFinishedAt(Instant.now())
                .setMetadata(Map.of()).setReplay(false).build();
        probe.scanRecord("planted value", null, Codecs.OUTCOME.encode(leaky), new RecordHeaders());
        probe.scan("planted log line", "12:00:00.000 DEBUG [t] x - calling with token=" + token + " now");
        assertThat(probe.findings()).as("secrets planted in a header key, a key, an Avro value and a line")
                .hasSize(4);
    }

    private static Map<String, Integer> scanTopics(Scanner scanner, Harness h, String ledger) throws Exception {
        Set<String> topics = new TreeSet<>(List.of(h.names().requests(), h.names().outcomes(), h.names().dlq(),
                ledger, h.names().delayPrefix() + ".1s", h.names().delayPrefix() + ".5s"));
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> existing = admin.listTopics().names().get();
            assertThat(existing).as("the run's topics").containsAll(topics);
            existing.stream().filter(t -> t.startsWith(h.names().prefix() + ".")).forEach(topics::add);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        // Aborted transactions' records are on disk too, so read them as well.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            for (String topic : topics) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                int[] n = {0};
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        scanner.scanRecord(record.topic() + "-" + record.partition() + "@" + record.offset(),
                                record.key(), record.value(), record.headers());
                        n[0]++;
                    }
                    return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                });
                counts.put(topic, n[0]);
            }
        }
        return counts;
    }

    /** Every command and subcommand, as the argument lists that name them ({@code []} is the top level). */
    private static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), out);
        assertThat(out).as("commands found").contains(List.of("run"), List.of("sandbox"), List.of("submit"));
        return out;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help") && sub.getCommandName().equals(name)) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                collect(sub, next, out);
            }
        });
    }


    /** Looks for the UTF-8 bytes of each secret in whatever it is given, and remembers where it found one. */
    private static final class Scanner {
        private final Set<String> secrets;
        private final List<byte[]> needles = new ArrayList<>();
        private final List<String> findings = new ArrayList<>();
        private int scanned;

        Scanner(Set<String> secrets) {
            assertThat(secrets).as("secrets to look for").isNotEmpty().allMatch(s -> s.length() >= 8);
            this.secrets = Set.copyOf(secrets);
            secrets.forEach(s -> needles.add(s.getBytes(StandardCharsets.UTF_8)));
        }

        Set<String> secrets() {
            return secrets;
        }

        void scan(String where, String text) {
            scan(where, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }

        void scanRecord(String where, byte[] key, byte[] value, Headers headers) {
            scan(where + " key", key);
            scan(where + " value", value);
            for (Header header : headers) {
                scan(where + " header key '" + header.key() + "'", header.key());
                scan(where + " header '" + header.key() + "' value", header.value());
            }
        }

        private void scan(String where, byte[] haystack) {
            scanned++;
            if (haystack == null) {
                return;
            }
            for (int i = 0; i < needles.size(); i++) {
                if (indexOf(haystack, needles.get(i)) >= 0) {
                    String secret = new String(needles.get(i), StandardCharsets.UTF_8);
                    findings.add(where + " contains " + (secret.startsWith("sbx.") ? "an access token" : "a secret")
                            + " (" + secret.substring(0, 4) + "...)");
                }
            }
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        List<String> findings() {
            return findings;
        }

        int scanned() {
            return scanned;
        }
    }
}
