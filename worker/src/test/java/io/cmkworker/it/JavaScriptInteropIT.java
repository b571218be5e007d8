package io.cmkworker.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.events.OnboardingOutcome;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A second Avro implementation on the wire: the JavaScript library avsc, driven by
 * {@code contracts/interop/*.js}, which know only {@code schemas/*.avsc} and {@code contracts/wire-format.md},
 * writes a request that the worker processes and reads the outcome the worker publishes. Skipped where
 * {@code node} is not on the PATH; installs the pinned avsc with {@code npm ci} when it is not installed yet.
 */
@ExtendWith(KafkaBroker.class)
class JavaScriptInteropIT {

    private static final Path INTEROP = Path.of("..", "contracts", "interop");
    private static final Path SCHEMAS = Path.of("..", "schemas");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NodeProject interop;

    @BeforeAll
    static void installAvsc() throws Exception {
        interop = NodeProject.installed(INTEROP);
    }

    @Test
    void processesARequestWrittenByAvscAndAvscReadsTheOutcome() throws Exception {
        Schema requestSchema = new Schema.Parser().parse(SCHEMAS.resolve("OnboardingRequest.avsc").toFile());
        try (Harness h = new Harness("js")) {
            h.startWorker();
            String orgId = "0123456789ABCDEF01234567@AdobeOrg";
            String requestId = "js-" + UUID.randomUUID();
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("requestId", requestId);
            request.put("orgId", orgId);
            request.put("region", "AUS5");
            request.put("configName", "ConfigFromAvsc");
            request.put("provider", "AZURE_KEYVAULT");
            request.put("keyVaultKeyIdentifier",
                    "https://adobecmkexample.vault.azure.net/keys/adobeCMK-key/7c1d50lo28234cc895534c00d7eb4eb4");
            request.put("credentialRef", Harness.CREDENTIAL);
            request.put("requestedAt", Instant.now().toEpochMilli());
            request.put("deadline", null);
            request.put("metadata", Map.of("source", "avsc"));

            NodeProject.Output written = interop.run(NODE_TIMEOUT, JSON.writeValueAsBytes(request), "node", "write-request.js");
            assertThat(written.exitCode()).as("node write-request.js failed: %s", written.stderr()).isZero();
            byte[] value = written.stdout();
            assertThat(value).as("value written by avsc").hasSizeGreaterThan(10);
            assertThat(Arrays.copyOfRange(value, 0, 2)).as("single-object marker").containsExactly(0xC3, 0x01);
            assertThat(Arrays.copyOfRange(value, 2, 10)).as("fingerprint bytes, as Java computes them")
                    .containsExactly(littleEndian(SchemaNormalization.parsingFingerprint64(requestSchema)));

            h.publishRaw(h.names().requests(), orgId.getBytes(UTF_8), value);
            OnboardingOutcome seenByJava = h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60)).get(requestId);
            assertThat(seenByJava).as("the worker's outcome for %s", requestId).isNotNull();
            List<ConsumerRecord<byte[], byte[]>> records = OnboardingPipelineIT.readAll(h, h.names().outcomes(), 1);
            assertThat(records).hasSize(1);
            assertThat(new String(records.get(0).key(), UTF_8)).isEqualTo(orgId);

            NodeProject.Output read = interop.run(NODE_TIMEOUT, records.get(0).value(), "node", "read-outcome.js");
            assertThat(read.exitCode()).as("node read-outcome.js failed: %s", read.stderr()).isZero();
            JsonNode outcome = JSON.readTree(read.stdout());

            assertThat(outcome.path("requestId").asText()).isEqualTo(requestId);
            assertThat(outcome.path("orgId").asText()).isEqualTo(orgId);
            assertThat(outcome.path("configName").asText()).isEqualTo("ConfigFromAvsc");
            assertThat(outcome.path("status").asText()).as(outcome.path("reason").asText()).isEqualTo("COMPLETED");
            assertThat(outcome.path("metadata").path("source").asText()).isEqualTo("avsc");
            assertThat(outcome.path("violations").isArray()).isTrue();
            assertThat(outcome.path("violations")).isEmpty();
            assertThat(outcome.path("replay").isBoolean()).isTrue();
            assertThat(outcome.path("replay").asBoolean()).isFalse();
            assertThat(outcome.has("hint")).as("avsc reads version 2 of the schema").isTrue();
            assertThat(outcome.path("hint").isNull()).as("no hint for a COMPLETED outcome").isTrue();
            // avsc and the worker's generated classes read the same bytes to the same values.
            assertThat(outcome.path("attempts").asInt()).isEqualTo(seenByJava.getAttempts());
            assertThat(outcome.path("platform").path("configId").asText())
                    .isEqualTo(seenByJava.getPlatform().getConfigId());
            assertThat(outcome.path("startedAt").isIntegralNumber()).as("startedAt is epoch millis").isTrue();
            assertThat(outcome.path("startedAt").asLong()).isEqualTo(seenByJava.getStartedAt().toEpochMilli());
            assertThat(outcome.path("finishedAt").asLong()).isEqualTo(seenByJava.getFinishedAt().toEpochMilli());
        }
    }

    private static byte[] littleEndian(long fingerprint) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
    }
}
