package io.cmkworker.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.events.OnboardingRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/** How a registry-framed body is read once the registry has given its writer schema. */
class ResolvingDatumProviderTest {

    private final ResolvingDatumProvider<Object> provider = new ResolvingDatumProvider<>();

    @Test
    void readsANewerWriterSchemaAsTheWorkersOwnRequest() throws IOException {
        Schema newer = withPriority(OnboardingRequest.getClassSchema());
        GenericRecord written = request(newer);
        written.put("priority", 7);

        Object read = provider.createDatumReader(newer).read(null, decoder(body(newer, written)));

        assertThat(read).isInstanceOfSatisfying(OnboardingRequest.class, r -> {
            assertThat(r.getRequestId()).isEqualTo("req-1");
            assertThat(r.getRequestedAt()).isEqualTo(Instant.ofEpochMilli(1_735_689_600_000L));
        });
    }

    @Test
    void refusesAWriterSchemaThatIsNoneOfTheWorkersEvents() {
        Schema other = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Runtime\",\"namespace\":\"java.lang\","
                + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

        assertThatThrownBy(() -> provider.createDatumReader(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the registry's schema for this ID is java.lang.Runtime, which is not one of the worker's"
                        + " events");
    }

    @Test
    void refusesALengthLargerThanTheBodyBeforeDecoding() throws IOException {
        Schema schema = OnboardingRequest.getClassSchema();
        byte[] body = body(schema, request(schema));
        body[0] = (byte) 0xFE; // requestId's length: a zig-zag varint far beyond the body
        body[1] = (byte) 0xFF;
        body[2] = (byte) 0x7F;
        DatumReader<Object> reader = provider.createDatumReader(schema);

        assertThatThrownBy(() -> reader.read(null, decoder(body))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("OnboardingRequest.requestId declares a length of");
    }

    private static Schema withPriority(Schema schema) {
        String text = schema.toString();
        int end = text.lastIndexOf(']');
        return new Schema.Parser().parse(text.substring(0, end) + ",{\"name\":\"priority\",\"type\":\"int\","
                + "\"default\":0}" + text.substring(end));
    }

    private static GenericRecord request(Schema schema) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("requestId", "req-1");
        r.put("orgId", "0123456789ABCDEF01234567@AdobeOrg");
        r.put("region", "VA7");
        r.put("configName", "c");
        r.put("provider", "AZURE_KEYVAULT");
        r.put("keyVaultKeyIdentifier", "https://v.vault.azure.net/keys/k");
        r.put("credentialRef", "main");
        r.put("requestedAt", 1_735_689_600_000L);
        r.put("deadline", null);
        r.put("metadata", Map.of());
        return r;
    }

    private static byte[] body(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static org.apache.avro.io.Decoder decoder(byte[] body) {
        return DecoderFactory.get().binaryDecoder(body, null);
    }
}
