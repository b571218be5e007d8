package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.topics.RequestPublisher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Schema Registry wire format against a real Apicurio Registry and a real broker: clients that use only the
 * registry's serde (and the contract's .avsc) talk to a running worker; a mixed run of single-object and registry
 * requests is answered exactly once; the outcome schema's version 2 registers as compatible after version 1, and an
 * incompatible one stops the packaged worker at start with one line; submit, outcomes and dlq use the same setting.
 */
@ExtendWith(KafkaBroker.class)
class SchemaRegistryIT {

    @RegisterExtension
    static final SchemaRegistryServer REGISTRY = new SchemaRegistryServer();

    private static final Path REQUEST_SCHEMA = Path.of("..", "schemas", "OnboardingRequest.avsc");
    private static final AtomicInteger ORGS = new AtomicInteger(100);

    @TempDir
    Path dir;

    @Test
    void clientsUsingOnlyTheRegistrySerdePublishRequestsAndReadTheWorkersOutcomes() throws Exception {
        try (Harness h = new Harness("registry-clients").with("schemas.registry.url", REGISTRY.url())) {
            h.startWorker();
            Schema schema = new Schema.Parser().parse(REQUEST_SCHEMA.toFile());
            List<String> sent = new ArrayList<>();
            try (KafkaProducer<String, Object> producer = new KafkaProducer<>(libraryProducer())) {
                for (int i = 0; i < 5; i++) {
                    GenericRecord request = request(schema, "library-" + i);
                    sent.add(request.get("requestId").toString());
                    producer.send(new ProducerRecord<>(h.names().requests(), request.get("orgId").toString(), request));
                }
                producer.flush();
            }

            List<GenericRecord> outcomes = new ArrayList<>();
            try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(libraryConsumer())) {
                assignFromBeginning(consumer, h.names().outcomes());
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> outcomes.add((GenericRecord) r.value()));
                    return outcomes.size() >= sent.size();
                });
            }

            assertThat(outcomes).extracting(o -> o.get("requestId").toString())
                    .containsExactlyInAnyOrderElementsOf(sent);
            assertThat(outcomes).allSatisfy(o -> assertThat(o.get("status")).hasToString("COMPLETED"));
            String subject = h.names().outcomes() + "-value";
            assertThat(REGISTRY.subjects()).contains(subject, h.names().requests() + "-value");
            assertThat(REGISTRY.compatibility(subject)).isEqualTo("FULL");
            assertThat(rawOutcomes(h)).as("zero byte, then the ID a Confluent client gets for the subject")
                    .allSatisfy(value -> assertThat(schemaIdOf(value)).isEqualTo(REGISTRY.latestId(subject)));
        }
    }

    @Test
    void aMixedRunOfSingleObjectAndRegistryRequestsIsAnsweredExactlyOnceEach() throws Exception {
        try (Harness h = new Harness("registry-mixed").with("schemas.registry.url", REGISTRY.url())) {
            h.startWorker();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            try (RequestPublisher singleObject = new RequestPublisher(h.config("schemas.registry.url", ""));
                 RequestPublisher registry = new RequestPublisher(h.config())) {
                for (int i = 0; i < 30; i++) {
                    OnboardingRequest request = Requests.valid(Harness.CREDENTIAL).build();
                    sent.add((i % 2 == 0 ? singleObject : registry).publish(request));
                }
                singleObject.flush();
                registry.flush();
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            }
            // An upstream that moved on to a newer request schema (one more field, with a default) needs nothing
            // from the worker: the registry gives it the writer schema.
            Schema newer = newerRequestSchema();
            try (KafkaProducer<String, Object> producer = new KafkaProducer<>(libraryProducer())) {
                for (int i = 0; i < 5; i++) {
                    GenericRecord request = request(newer, "newer-" + i);
                    request.put("priority", 7);
                    producer.send(new ProducerRecord<>(h.names().requests(), request.get("orgId").toString(), request));
                }
                producer.flush();
            }

            Map<String, OnboardingOutcome> outcomes = h.awaitExactlyOneOutcomeEach(35, Duration.ofSeconds(60));

            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.getStatus()).as(o.getReason())
                    .isEqualTo(OutcomeStatus.COMPLETED));
            assertThat(outcomes.keySet()).filteredOn(id -> id.startsWith("newer-")).hasSize(5);
            assertThat(rawOutcomes(h)).hasSize(35).allSatisfy(value -> assertThat(value[0]).isZero());
        }
    }

    @Test
    void theOutcomeSchemaVersion2RegistersAsCompatibleAfterVersion1AndBothSubjectsGetTheFullRule() throws Exception {
        try (Harness h = new Harness("registry-v2").with("schemas.registry.url", REGISTRY.url())) {
            String subject = h.names().outcomes() + "-value";
            int v1 = REGISTRY.register(subject, historyText("OnboardingOutcome-v1.avsc"));
            String requests = h.names().requests() + "-value";
            REGISTRY.register(requests, Files.readString(REQUEST_SCHEMA)); // as an upstream producer left it: no rule

            h.startWorker();
            h.publish(Requests.valid(Harness.CREDENTIAL).build());
            h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60));

            assertThat(REGISTRY.versions(subject)).containsExactly(1, 2);
            assertThat(REGISTRY.compatibility(subject)).isEqualTo("FULL");
            assertThat(REGISTRY.compatibility(requests)).as("the rule protecting the worker's reads").isEqualTo("FULL");
            int v2 = REGISTRY.latestId(subject);
            assertThat(v2).isNotEqualTo(v1);
            assertThat(rawOutcomes(h)).singleElement().satisfies(value -> assertThat(schemaIdOf(value)).isEqualTo(v2));
        }
    }

    @Test
    void anIncompatibleOutcomeSchemaStopsThePackagedWorkerAtStartWithOneLine() throws Exception {
        try (Harness h = new Harness("registry-refused").with("schemas.registry.url", REGISTRY.url())) {
            String subject = h.names().outcomes() + "-value";
            // Someone registered an OnboardingOutcome whose attempts is a string: no version of the worker reads it.
            REGISTRY.register(subject, historyText("OnboardingOutcome-v1.avsc")
                    .replace("{\"name\": \"attempts\", \"type\": \"int\"", "{\"name\": \"attempts\", \"type\": \"string\""));
            REGISTRY.compatibility(subject, "FULL");

            int exit;
            List<String> output;
            try (WorkerProcess worker = WorkerProcess.start(h.configValues(), h.names().prefix())) {
                exit = worker.awaitExit(Duration.ofSeconds(60));
                output = Files.readAllLines(worker.log());
            }

            assertThat(exit).as("exit code, as for a configuration error").isEqualTo(2);
            assertThat(output).as("everything the process printed").singleElement().asString()
                    .startsWith("cannot start the worker: the schema registry at " + REGISTRY.url()
                            + " refuses io.cmkworker.events.OnboardingOutcome under subject " + subject
                            + " (compatibility rule FULL): HTTP 400 Incompatible artifact")
                    .contains("/fields/7").endsWith("nothing was published (see contracts/wire-format.md, Schema"
                            + " evolution)");
            assertThat(REGISTRY.versions(subject)).as("nothing registered").containsExactly(1);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaBroker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).as("the worker stopped before touching Kafka")
                        .doesNotContain(h.names().outcomes(), h.names().requests());
            }
        }
    }

    @Test
    void submitOutcomesAndDlqWorkWithTheSameSetting() throws Exception {
        try (Harness h = new Harness("registry-commands").with("schemas.registry.url", REGISTRY.url())) {
            h.startWorker();
            String config = h.configFile(dir).toString();
            Path orgs = Files.write(dir.resolve("orgs.csv"), List.of(
                    "orgId,region,configName,keyVaultKeyIdentifier,credentialRef",
                    org(1) + ",VA7,cmk-config-1,https://vault1.vault.azure.net/keys/cmk-key-1," + Harness.CREDENTIAL,
                    org(2) + ",VA7,cmk-config-2,https://vault2.vault.azure.net/keys/cmk-key-2," + Harness.CREDENTIAL));

            CommandLineRun submit = CommandLineRun.of("submit", orgs.toString(), "--config", config, "--wait");

            assertThat(submit.exit()).as(submit.out() + submit.err()).isZero();
            assertThat(submit.out()).contains("2/2 outcomes: COMPLETED 2");
            assertThat(REGISTRY.subjects()).contains(h.names().requests() + "-value");

            CommandLineRun outcomes = CommandLineRun.of("outcomes", "--config", config, "--format", "jsonl");

            assertThat(outcomes.exit()).as(outcomes.err()).isZero();
            assertThat(outcomes.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"COMPLETED\""));

            // A record framed with a schema ID the registry does not have, and a registry-framed request that no
            // outcome can answer (no organisation): both dead letters; the second keeps its request ID.
            h.publishRaw(h.names().requests(), org(3).getBytes(), new byte[] {0, 0, 0, 0x03, (byte) 0xE7, 2});
            try (RequestPublisher registry = new RequestPublisher(h.config())) {
                registry.publish(Requests.valid(Harness.CREDENTIAL).setRequestId("no-org").setOrgId("").build()).join();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                CommandLineRun list = CommandLineRun.of("dlq", "list", "--config", config);
                return list.out().contains("2 dead letters");
            });
            CommandLineRun list = CommandLineRun.of("dlq", "list", "--config", config, "--format", "json");

            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("has no schema with ID 999").contains("\"requestId\":\"no-org\"");
        }
    }

    private static Properties libraryProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class.getName());
        props.put("apicurio.registry.url", REGISTRY.url());
        props.put("apicurio.registry.auto-register", "true");
        return props;
    }

    private static Properties libraryConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class.getName());
        props.put("apicurio.registry.url", REGISTRY.url());
        return props;
    }

    /** Every outcome's bytes, as written. */
    private static List<byte[]> rawOutcomes(Harness h) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = assignFromBeginning(consumer, h.names().outcomes());
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
        return values;
    }

    private static List<TopicPartition> assignFromBeginning(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** The schema ID after the zero byte of the Confluent-compatible framing. */
    private static int schemaIdOf(byte[] value) {
        assertThat(value[0]).as("the framing's zero byte").isZero();
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** A request as a team's own producer builds it, from the contract's schema only. */
    private static GenericRecord request(Schema schema, String requestId) {
        GenericRecord request = new GenericData.Record(schema);
        int n = ORGS.incrementAndGet();
        request.put("requestId", requestId);
        request.put("orgId", org(n));
        request.put("region", "VA7");
        request.put("configName", "cmk-config-" + n);
        request.put("provider", "AZURE_KEYVAULT");
        request.put("keyVaultKeyIdentifier", "https://vault" + n + ".vault.azure.net/keys/cmk-key-" + n);
        request.put("credentialRef", Harness.CREDENTIAL);
        request.put("requestedAt", System.currentTimeMillis());
        request.put("deadline", null);
        request.put("metadata", Map.of("team", "registry"));
        return request;
    }

    private static Schema newerRequestSchema() throws IOException {
        String text = Files.readString(REQUEST_SCHEMA);
        int end = text.lastIndexOf(']');
        return new Schema.Parser().parse(text.substring(0, end)
                + ", {\"name\": \"priority\", \"type\": \"int\", \"default\": 0}" + text.substring(end));
    }

    private static String historyText(String name) throws IOException {
        try (var in = io.cmkworker.events.Codecs.class.getResourceAsStream("history/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static String org(int n) {
        return String.format("%024X@AdobeOrg", 0xBEEF000000L + n);
    }
}
