package io.cmkworker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodecsTest {

    @TempDir
    Path dir;

    @Test
    void writerSchemasTaughtToOneWorkersCodecsAreNotReadByAnothers() throws Exception {
        Path file = dir.resolve("OnboardingRequest-v2.avsc");
        ObjectMapper json = new ObjectMapper();
        ObjectNode schema = (ObjectNode) json.readTree(Path.of("..", "schemas", "OnboardingRequest.avsc").toFile());
        ((ArrayNode) schema.get("fields")).addObject().put("name", "priority").put("type", "string")
                .put("default", "normal");
        json.writeValue(file.toFile(), schema);
        Schema v2 = new Schema.Parser().parse(file.toFile());
        GenericRecord request = new GenericData.Record(v2);
        request.put("requestId", "r-1");
        request.put("orgId", "0123456789ABCDEF01234567@AdobeOrg");
        request.put("region", "VA7");
        request.put("configName", "c");
        request.put("provider", "AZURE_KEYVAULT");
        request.put("keyVaultKeyIdentifier", "https://v1.vault.azure.net/keys/k");
        request.put("credentialRef", "c");
        request.put("requestedAt", Instant.now().toEpochMilli());
        request.put("metadata", Map.of());
        request.put("priority", "high");
        java.nio.ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v2).encode(request);
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);

        Codecs taught = Codecs.STANDARD.withWriterSchemas(List.of(dir));

        assertThat(taught.request().decode(bytes).getRequestId()).isEqualTo("r-1");
        assertThatThrownBy(() -> Codecs.STANDARD.request().decode(bytes))
                .isInstanceOf(UndecodableRecordException.class).hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> Codecs.STANDARD.withWriterSchemas(List.of()).request().decode(bytes))
                .isInstanceOf(UndecodableRecordException.class);
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void aSchemaThatIsNoneOfTheWorkersEventsIsRefused() throws Exception {
        Path file = dir.resolve("Other.avsc");
        Files.writeString(file, "{\"type\": \"record\", \"name\": \"Other\", \"fields\": []}");

        assertThatThrownBy(() -> Codecs.STANDARD.withWriterSchemas(List.of(file)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of the worker's events");
    }
}
