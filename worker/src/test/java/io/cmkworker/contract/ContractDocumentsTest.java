package io.cmkworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cmkworker.config.ConfigKeys;
import io.cmkworker.domain.JobStatus;
import io.cmkworker.domain.Region;
import io.cmkworker.events.Codecs;
import io.cmkworker.kafka.fault.DeadLetters;
import io.cmkworker.kafka.delay.DelayTiers;
import io.cmkworker.platform.PlatformClient;
import io.cmkworker.platform.PlatformEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI and AsyncAPI documents against the code: the hosts, paths, header values, statuses,
 * topic names, delay tiers, dead-letter headers and schemas they state are the ones the worker uses,
 * and every example file they name exists.
 */
class ContractDocumentsTest {

    private static final String OPENAPI = "platform-api.openapi.yaml";
    private static final String ASYNCAPI = "cmk-worker.asyncapi.yaml";

    private final JsonNode openApi = Contracts.yaml(OPENAPI);
    private final JsonNode asyncApi = Contracts.yaml(ASYNCAPI);

    @Test
    void openApiExamplesAreExactlyTheFixtureFiles() throws IOException {
        Set<String> referenced = new TreeSet<>();
        openApi.findValues("externalValue").forEach(v -> referenced.add(v.asText()));
        Set<String> fixtures = new TreeSet<>();
        try (Stream<Path> files = Files.list(Contracts.EXAMPLES)) {
            files.forEach(f -> fixtures.add("examples/" + f.getFileName()));
        }

        assertThat(referenced).isEqualTo(fixtures);
    }

    @Test
    void openApiServersAreTheRegionHosts() {
        List<String> servers = new ArrayList<>();
        openApi.get("servers").forEach(s -> servers.add(s.get("url").asText()));

        assertThat(servers).containsExactlyElementsOf(
                Arrays.stream(Region.values()).map(r -> "https://" + r.host()).toList());
    }

    @Test
    void openApiPathsAreTheClientsPaths() {
        PlatformEndpoints endpoints = new PlatformEndpoints(Optional.empty());
        Set<String> paths = new TreeSet<>();
        openApi.get("paths").fieldNames().forEachRemaining(paths::add);

        assertThat(paths).contains(
                endpoints.appRegistration(Region.VA7).getPath(),
                endpoints.createConfig(Region.VA7).getPath(),
                endpoints.configStatus(Region.VA7, "NAME").getPath().replace("NAME", "{name}"),
                "/ims/token/v3");
        assertThat(endpoints.configStatus(Region.VA7, "NAME").getQuery()).isEqualTo("configType=BYOK_CONFIG");
    }

    @Test
    void openApiApiKeyIsTheOneTheClientSends() {
        JsonNode apiKey = openApi.at("/components/parameters/ApiKey");

        assertThat(apiKey.get("name").asText()).isEqualTo("x-api-key");
        assertThat(texts(apiKey.at("/schema/enum"))).containsExactly(PlatformClient.API_KEY);
    }

    @Test
    void openApiJobStatusesAreTheOnesTheWorkerKnows() {
        List<String> documented = texts(openApi.at("/components/schemas/JobStatus/enum"));

        assertThat(documented).containsExactly("NEW", "RUNNING", "UPDATE_EXISTING_RESOURCES", "COMPLETED", "FAILED");
        assertThat(documented).allSatisfy(status -> assertThat(JobStatus.parse(status)).isNotEqualTo(JobStatus.UNKNOWN));
        assertThat(Arrays.stream(JobStatus.values()).filter(s -> s != JobStatus.UNKNOWN).map(Enum::name))
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void asyncApiChannelsAreTheDefaultTopicNames() {
        JsonNode channels = asyncApi.get("channels");

        assertThat(channels.at("/" + escape(ConfigKeys.REQUESTS_TOPIC.defaultValue()) + "/x-cmk-config-key").asText())
                .isEqualTo(ConfigKeys.REQUESTS_TOPIC.name());
        assertThat(channels.at("/" + escape(ConfigKeys.OUTCOMES_TOPIC.defaultValue()) + "/x-cmk-config-key").asText())
                .isEqualTo(ConfigKeys.OUTCOMES_TOPIC.name());
        assertThat(channels.at("/" + escape(ConfigKeys.DLQ_TOPIC.defaultValue()) + "/x-cmk-config-key").asText())
                .isEqualTo(ConfigKeys.DLQ_TOPIC.name());
        assertThat(channels.at("/" + escape(ConfigKeys.LEDGER_TOPIC.defaultValue()) + "/x-cmk-config-key").asText())
                .isEqualTo(ConfigKeys.LEDGER_TOPIC.name());
        assertThat(channels.at("/" + escape(ConfigKeys.DELAY_TOPIC_PREFIX.defaultValue() + ".{tier}")
                + "/x-cmk-config-key").asText()).isEqualTo(ConfigKeys.DELAY_TOPIC_PREFIX.name());
        assertThat(channels.size()).isEqualTo(5);
    }

    @Test
    void asyncApiDelayTiersAreTheDefaultTierTopics() {
        String prefix = ConfigKeys.DELAY_TOPIC_PREFIX.defaultValue();
        JsonNode tierParameter = asyncApi.at("/channels/" + escape(prefix + ".{tier}") + "/parameters/tier/schema/enum");
        List<String> documented = texts(tierParameter).stream().map(tier -> prefix + "." + tier).toList();

        DelayTiers defaults = new DelayTiers(prefix,
                ConfigKeys.DELAY_TIERS.parser().apply(ConfigKeys.DELAY_TIERS.defaultValue()));

        assertThat(documented).containsExactlyElementsOf(defaults.topics());
    }

    @Test
    void asyncApiDeadLetterHeadersAreTheOnesTheWorkerWrites() {
        JsonNode headers = asyncApi.at("/components/messages/DeadLetter/headers");
        Set<String> properties = new TreeSet<>();
        headers.get("properties").fieldNames().forEachRemaining(properties::add);

        List<String> written = List.of(DeadLetters.TOPIC, DeadLetters.PARTITION, DeadLetters.OFFSET,
                DeadLetters.TIMESTAMP, DeadLetters.EXCEPTION_CLASS, DeadLetters.EXCEPTION_MESSAGE, DeadLetters.FAILED_AT);
        List<String> sometimes = List.of(DeadLetters.KEY_OMITTED, DeadLetters.VALUE_OMITTED, DeadLetters.REQUEST_ID);
        assertThat(texts(headers.get("required"))).containsExactlyInAnyOrderElementsOf(written);
        assertThat(properties).containsAll(written).containsAll(sometimes).hasSize(written.size() + sometimes.size());
    }

    @Test
    void asyncApiPayloadsAreTheWorkersAvroSchemas() throws IOException {
        Map<String, Schema> messages = Map.of(
                "OnboardingRequest", Codecs.REQUEST.schema(),
                "OnboardingOutcome", Codecs.OUTCOME.schema(),
                "StatusCheckScheduled", Codecs.STATUS_CHECK.schema(),
                "StatusCheckReleased", Codecs.STATUS_CHECK.schema(),
                "LedgerEntryRecorded", Codecs.LEDGER.schema(),
                "LedgerEntryRestored", Codecs.LEDGER.schema());
        for (Map.Entry<String, Schema> message : messages.entrySet()) {
            JsonNode node = asyncApi.at("/components/messages/" + message.getKey());
            Path payload = Contracts.DIR.resolve(node.at("/payload/$ref").asText());

            assertThat(node.get("schemaFormat").asText()).isEqualTo("application/vnd.apache.avro;version=1.9.0");
            Schema documented = new Schema.Parser().parse(payload.toFile());
            assertThat(documented.getFullName()).isEqualTo(message.getValue().getFullName());
            assertThat(SchemaNormalization.parsingFingerprint64(documented)).as("fingerprint of %s", payload)
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(message.getValue()));
            assertThat(node.get("x-avro-fingerprint").asText()).as("x-avro-fingerprint of %s", message.getKey())
                    .isEqualTo("0x" + Long.toHexString(SchemaNormalization.parsingFingerprint64(message.getValue())));
        }
    }

    @Test
    void asyncApiListsTheEarlierOutcomeSchemaTheWorkerStillReads() throws IOException {
        JsonNode earlier = asyncApi.at("/components/messages/OnboardingOutcome/x-avro-earlier-fingerprints");
        Schema v1;
        try (var in = Codecs.class.getResourceAsStream("history/OnboardingOutcome-v1.avsc")) {
            v1 = new Schema.Parser().parse(in);
        }

        assertThat(texts(earlier)).containsExactly("0x" + Long.toHexString(SchemaNormalization.parsingFingerprint64(v1)));
    }

    @Test
    void asyncApiAsksOutcomeConsumersToReadCommitted() {
        JsonNode outcomes = asyncApi.at("/channels/" + escape(ConfigKeys.OUTCOMES_TOPIC.defaultValue()));

        assertThat(outcomes.at("/x-kafka-consumer-config/isolation.level").asText()).isEqualTo("read_committed");
        assertThat(outcomes.get("description").asText()).contains("isolation.level=read_committed");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** Escapes a name for use as one JSON Pointer segment. */
    private static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
