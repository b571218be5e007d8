package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.topics.DeadLetterTopic;
import io.cmkworker.kafka.topics.DeadLetterTopic.DeadLetter;
import io.cmkworker.kafka.fault.DeadLetters;
import io.cmkworker.kafka.KafkaClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlq list} and {@code dlq replay} against the real broker: a request written with a newer schema
 * is dead-lettered, listed, and completes once a worker that knows the schema gets it replayed.
 */
@ExtendWith(KafkaBroker.class)
class DlqIT {

    private static final Path REQUEST_SCHEMA = Path.of("..", "schemas", "OnboardingRequest.avsc");

    @TempDir
    Path dir;

    @Test
    void replaysARequestWithANewerSchemaThatCompletesOnceTheWorkerKnowsTheSchema() throws Exception {
        Path schemas = Files.createDirectory(dir.resolve("schemas"));
        Schema v2 = writeSchemaWithPriority(schemas.resolve("OnboardingRequest-v2.avsc"));
        try (Harness h = new Harness("dlq-replay")) {
            Path config = h.configFileWithoutSecrets(dir);
            String orgId = "0123456789ABCDEF0123DEAD@AdobeOrg";
            h.startWorker();
            h.publishRaw(h.names().requests(), orgId.getBytes(StandardCharsets.UTF_8), encodeV2(v2, orgId));
            DeadLetterTopic dlq = new DeadLetterTopic(h.config());
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.read(DeadLetterTopic.Range.all()).size() == 1);

            CommandLineRun list = CommandLineRun.of("dlq", "list", "--config", config.toString());

            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).startsWith("POSITION   FAILED AT").contains(" " + h.names().requests() + "-")
                    .contains(" UndecodableRecordException ")
                    .contains("unknown schema fingerprint")
                    .contains(" " + orgId + " ")
                    .contains("1 dead letter in " + h.names().dlq());
            assertNoSecret(h, list);

            h.stopWorkers();
            h.startWorker("schemas.writers", schemas.toString());
            CommandLineRun replay = CommandLineRun.of("dlq", "replay", "--all", "--config", config.toString());

            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("replayed 1 dead letter to " + h.names().requests() + ", skipped 0");
            assertNoSecret(h, replay);
            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60));
            OnboardingOutcome outcome = outcomes.get("dlq-v2-1");
            assertThat(outcome).as(outcomes.toString()).isNotNull();
            assertThat(outcome.getStatus()).as(outcome.getReason()).isEqualTo(OutcomeStatus.COMPLETED);
            assertThat(outcome.getMetadata()).containsEntry("ticket", "OPS-2");
            assertThat(dlq.read(DeadLetterTopic.Range.all())).as("the replayed request is not dead-lettered again")
                    .hasSize(1);
        }
    }

    @Test
    void replayPublishesOnlyRequestsWithTheirOriginalHeadersAndDryRunPublishesNothing() throws Exception {
        try (Harness h = new Harness("dlq-skip")) {
            h.createTopics();
            Path config = h.configFileWithoutSecrets(dir);
            byte[] request = Codecs.REQUEST.encode(Requests.valid(Harness.CREDENTIAL).build());
            deadLetter(h, h.names().requests(), request, null);
            deadLetter(h, h.names().delayPrefix() + ".1s", request, null);
            deadLetter(h, h.names().requests(), null, "2000000");

            CommandLineRun dryRun = CommandLineRun.of("dlq", "replay", "--all", "--dry-run", "--config",
                    config.toString());

            assertThat(dryRun.exit()).as(dryRun.err()).isZero();
            assertThat(dryRun.out()).contains("would replay 0@0 key=\"org\"")
                    .contains("skipped 0@1: it came from " + h.names().delayPrefix() + ".1s, not the requests topic")
                    .contains("skipped 0@2: its value (2000000 bytes) was too large")
                    .contains("dry run: would replay 1 dead letter to " + h.names().requests() + ", skipped 2;"
                            + " nothing was published");
            assertThat(requestsIn(h)).isEmpty();
            CommandLineRun json = CommandLineRun.of("dlq", "list", "--format", "json", "--config", config.toString());
            assertThat(json.exit()).as(json.err()).isZero();
            List<JsonNode> letters = json.out().lines().map(DlqIT::readJson).toList();
            assertThat(letters).extracting(l -> l.get("offset").asLong()).containsExactly(0L, 1L, 2L);
            assertThat(letters.get(1).get("fromTopic").asText()).isEqualTo(h.names().delayPrefix() + ".1s");
            assertThat(letters.get(2).get("valueBytes").isNull()).isTrue();
            assertThat(letters.get(2).get("valueOmittedBytes").asText()).isEqualTo("2000000");
            assertThat(json.err()).contains("3 dead letters in " + h.names().dlq());

            CommandLineRun replay = CommandLineRun.of("dlq", "replay", "--partition", "0", "--from", "0", "--to", "0",
                    "--config", config.toString());

            assertThat(replay.exit()).as(replay.err()).isZero();
            assertThat(replay.out()).contains("replayed 0@0 key=\"org\"").contains("replayed 1 dead letter");
            List<DeadLetter> replayed = await().atMost(Duration.ofSeconds(30)).until(() -> requestsIn(h),
                    records -> records.size() == 1);
            DeadLetter copy = replayed.get(0);
            assertThat(copy.value()).isEqualTo(request);
            assertThat(new String(copy.key(), StandardCharsets.UTF_8)).isEqualTo("org");
            assertThat(copy.header("trace-id")).contains("t-1");
            assertThat(copy.header(DeadLetterTopic.REPLAYED_FROM)).contains(h.names().dlq() + "-0@0");
            assertThat(copy.headers()).extracting(Header::key).noneMatch(k -> k.startsWith(DeadLetters.PREFIX));
        }
    }

    @Test
    void listOfAnEmptyDeadLetterTopicPrintsAZeroCountWithTheBrokerGivenOnTheCommandLine() throws Exception {
        try (Harness h = new Harness("dlq-empty")) {
            h.createTopics();
            Path elsewhere = h.configFileWithoutSecrets(dir, "kafka.bootstrap.servers", "127.0.0.1:1");
            CommandLineRun list = CommandLineRun.of("dlq", "list", "--config", elsewhere.toString(),
                    "--bootstrap-server", KafkaBroker.bootstrapServers());

            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("0 dead letters in " + h.names().dlq());
            assertNoSecret(h, list);
        }
    }

    @Test
    void replayWithoutChoosingDeadLettersExitsTwoAndSaysHowToChoose() throws Exception {
        try (Harness h = new Harness("dlq-usage")) {
            CommandLineRun replay = CommandLineRun.of("dlq", "replay", "--config", h.configFile(dir).toString());

            assertThat(replay.exit()).isEqualTo(2);
            assertThat(replay.err()).contains("Missing required argument").contains("--all").contains("--partition")
                    .contains("--from");
            assertNoSecret(h, replay);
        }
    }

    @Test
    void helpOfListAndReplayDescribesTheirOptionsWithoutSecrets() throws Exception {
        try (Harness h = new Harness("dlq-help")) {
            String config = h.configFile(dir).toString();
            CommandLineRun listHelp = CommandLineRun.of("dlq", "list", "--help", "--config", config);
            CommandLineRun replayHelp = CommandLineRun.of("dlq", "replay", "--help", "--config", config);
            CommandLineRun dlqHelp = CommandLineRun.of("dlq", "--help");

            assertThat(listHelp.exit()).isZero();
            assertThat(listHelp.out()).contains("--partition").contains("--from").contains("--to").contains("--limit")
                    .contains("--config");
            assertThat(replayHelp.exit()).isZero();
            assertThat(replayHelp.out()).contains("--all").contains("--partition").contains("--dry-run")
                    .contains("cmk.replayed.from");
            assertThat(dlqHelp.exit()).isZero();
            assertThat(dlqHelp.out()).contains("list").contains("replay");
            for (CommandLineRun run : List.of(listHelp, replayHelp, dlqHelp)) {
                assertNoSecret(h, run);
            }
        }
    }


    private static JsonNode readJson(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertNoSecret(Harness h, CommandLineRun run) {
        assertThat(run.out() + run.err()).doesNotContain(h.clientSecret());
    }

    /** The request schema of {@code schemas/} plus a field this worker's build does not know. */
    private static Schema writeSchemaWithPriority(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode schema = (ObjectNode) json.readTree(REQUEST_SCHEMA.toFile());
        ((ArrayNode) schema.get("fields")).addObject().put("name", "priority").put("type", "string")
                .put("default", "normal");
        json.writeValue(file.toFile(), schema);
        return new Schema.Parser().parse(file.toFile());
    }

    private static byte[] encodeV2(Schema v2, String orgId) throws IOException {
        GenericRecord request = new GenericData.Record(v2);
        request.put("requestId", "dlq-v2-1");
        request.put("orgId", orgId);
        request.put("region", "VA7");
        request.put("configName", "cmk-dlq-v2");
        request.put("provider", "AZURE_KEYVAULT");
        request.put("keyVaultKeyIdentifier",
                "https://testvaultdlq.vault.azure.net/keys/cmk-key-dlq/7c1d50lo28234cc895534c00d7eb4eb4");
        request.put("credentialRef", Harness.CREDENTIAL);
        request.put("requestedAt", Instant.now().toEpochMilli());
        request.put("deadline", null);
        request.put("metadata", Map.of("ticket", "OPS-2"));
        request.put("priority", "high");
        return ForeignWriterIT.frame(v2, request);
    }

    /** A dead letter as the worker writes it, on partition 0, with one header of the original record. */
    private static void deadLetter(Harness h, String originalTopic, byte[] value, String valueOmitted) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TOPIC, originalTopic.getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.PARTITION, "0".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.OFFSET, "7".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.EXCEPTION_CLASS, "io.cmkworker.events.UndecodableRecordException".getBytes(
                StandardCharsets.UTF_8));
        headers.add(DeadLetters.EXCEPTION_MESSAGE, "test".getBytes(StandardCharsets.UTF_8));
        if (valueOmitted != null) {
            headers.add(DeadLetters.VALUE_OMITTED, valueOmitted.getBytes(StandardCharsets.UTF_8));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.plainProducer(h.config()))) {
            producer.send(new ProducerRecord<>(h.names().dlq(), 0, null, "org".getBytes(StandardCharsets.UTF_8), value,
                    headers));
            producer.flush();
        }
    }

    /** The records of the requests topic, read with the same reader pointed at it. */
    private static List<DeadLetter> requestsIn(Harness h) {
        return new DeadLetterTopic(h.config("topics.dlq", h.names().requests())).read(DeadLetterTopic.Range.all());
    }
}
