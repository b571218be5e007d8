package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.events.OnboardingOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A producer that knows only {@code schemas/*.avsc} and {@code contracts/wire-format.md}: it writes a
 * request with Avro's generic API and frames it by hand (marker, fingerprint, body), and reads the
 * outcome the same way. None of the worker's generated classes or codecs are used on this side.
 */
@ExtendWith(KafkaBroker.class)
class ForeignWriterIT {

    private static final Path SCHEMAS = Path.of("..", "schemas");

    @Test
    void processesARequestWrittenFromTheSchemaFileAndTheDocumentedWireFormat() throws Exception {
        Schema requestSchema = new Schema.Parser().parse(SCHEMAS.resolve("OnboardingRequest.avsc").toFile());
        Schema outcomeSchema = new Schema.Parser().parse(SCHEMAS.resolve("OnboardingOutcome.avsc").toFile());
        try (Harness h = new Harness("foreign")) {
            h.startWorker();
            String orgId = "0123456789ABCDEF01234567@AdobeOrg";
            GenericRecord request = new GenericData.Record(requestSchema);
            request.put("requestId", "foreign-1");
            request.put("orgId", orgId);
            request.put("region", "NLD2");
            request.put("configName", "Config1");
            request.put("provider", "AZURE_KEYVAULT");
            request.put("keyVaultKeyIdentifier",
                    "https://adobecmkexample.vault.azure.net/keys/adobeCMK-key/7c1d50lo28234cc895534c00d7eb4eb4");
            request.put("credentialRef", Harness.CREDENTIAL);
            request.put("requestedAt", Instant.now().toEpochMilli());
            request.put("deadline", null);
            request.put("metadata", Map.of("ticket", "OPS-1"));
            h.publishRaw(h.names().requests(), orgId.getBytes(StandardCharsets.UTF_8), frame(requestSchema, request));

            h.awaitExactlyOneOutcomeEach(1, Duration.ofSeconds(60));
            List<ConsumerRecord<byte[], byte[]>> records = OnboardingPipelineIT.readAll(h, h.names().outcomes(), 1);
            GenericRecord outcome = unframe(outcomeSchema, records.get(0).value());

            assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(orgId);
            assertThat(outcome.get("requestId").toString()).isEqualTo("foreign-1");
            assertThat(outcome.get("status").toString()).isEqualTo("COMPLETED");
            assertThat(outcome.get("metadata").toString()).contains("OPS-1");
            assertThat(h.outcomes()).extracting(OnboardingOutcome::getRequestId).containsExactly("foreign-1");
        }
    }

    static byte[] frame(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(schema)).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    static GenericRecord unframe(Schema schema, byte[] bytes) throws IOException {
        assertThat(bytes[0] & 0xff).isEqualTo(0xC3);
        assertThat(bytes[1] & 0xff).isEqualTo(0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(schema));
        byte[] body = Arrays.copyOfRange(bytes, 10, bytes.length);
        return new GenericDatumReader<GenericRecord>(schema).read(null, DecoderFactory.get().binaryDecoder(body, null));
    }
}
