package io.cmkworker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroCodecTest {

    /** The schemas as documented, read from the files every other writer and reader uses. */
    private static final Path SCHEMAS = Path.of("..", "schemas");

    private static final Instant REQUESTED_AT = Instant.parse("2025-03-01T10:00:00.123Z");

    @Test
    void requestRoundTrips() throws Exception {
        OnboardingRequest request = request();

        assertThat(Codecs.REQUEST.decode(Codecs.REQUEST.encode(request))).isEqualTo(request);
    }

    @Test
    void requestWithoutDeadlineRoundTrips() throws Exception {
        OnboardingRequest request = OnboardingRequest.newBuilder(request()).setDeadline(null).setMetadata(Map.of())
                .build();

        OnboardingRequest decoded = Codecs.REQUEST.decode(Codecs.REQUEST.encode(request));

        assertThat(decoded).isEqualTo(request);
        assertThat(decoded.getDeadline()).isNull();
    }

    @Test
    void statusCheckRoundTrips() throws Exception {
        StatusCheck check = StatusCheck.newBuilder()
                .setRequestId("req-1")
                .setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7")
                .setConfigName("acme-cmk")
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://acme.vault.azure.net/keys/cmk/0a1b")
                .setCredentialRef("acme-prod")
                .setStep(Step.STATUS)
                .setAttempt(3)
                .setFailures(1)
                .setDueAt(REQUESTED_AT.plusSeconds(50))
                .setDeadline(REQUESTED_AT.plusSeconds(86_400))
                .setStartedAt(REQUESTED_AT.plusMillis(40))
                .setCallsMade(5)
                .setConfigId("cfg-42")
                .setLastError("GET config answered HTTP 503")
                .setMetadata(Map.of("ticket", "OPS-1"))
                .build();

        assertThat(Codecs.STATUS_CHECK.decode(Codecs.STATUS_CHECK.encode(check))).isEqualTo(check);
    }

    @Test
    void outcomeRoundTrips() throws Exception {
        OnboardingOutcome outcome = outcome();

        assertThat(Codecs.OUTCOME.decode(Codecs.OUTCOME.encode(outcome))).isEqualTo(outcome);
    }

    @Test
    void bytesStartWithTheMarkerThenTheLittleEndianSchemaFingerprint() {
        assertHeader(Codecs.REQUEST.encode(request()), OnboardingRequest.getClassSchema());
        assertHeader(Codecs.OUTCOME.encode(outcome()), OnboardingOutcome.getClassSchema());
        assertHeader(Codecs.STATUS_CHECK.encode(statusCheck()), StatusCheck.getClassSchema());
    }

    @Test
    void generatedSchemasHaveTheSameFingerprintAsTheSchemaFiles() throws IOException {
        assertThat(SchemaNormalization.parsingFingerprint64(schemaFile("OnboardingRequest.avsc")))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(OnboardingRequest.getClassSchema()));
        assertThat(SchemaNormalization.parsingFingerprint64(schemaFile("OnboardingOutcome.avsc")))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(OnboardingOutcome.getClassSchema()));
        assertThat(SchemaNormalization.parsingFingerprint64(schemaFile("StatusCheck.avsc")))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(StatusCheck.getClassSchema()));
    }

    @Test
    void emptyOrNullValueIsUndecodable() {
        assertThatThrownBy(() -> Codecs.REQUEST.decode(null))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("empty value")
                .hasMessageContaining("OnboardingRequest");
        assertThatThrownBy(() -> Codecs.REQUEST.decode(new byte[0]))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("empty value");
    }

    @Test
    void randomBytesAreUndecodable() {
        byte[] noise = new byte[64];
        new Random(20250301L).nextBytes(noise);
        noise[0] = 0x7b;

        assertThatThrownBy(() -> Codecs.REQUEST.decode(noise))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("C3 01");
    }

    @Test
    void jsonTextIsUndecodable() {
        byte[] json = "{\"requestId\":\"r1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Codecs.REQUEST.decode(json))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not Avro single-object encoding");
    }

    @Test
    void wrongMarkerIsUndecodable() {
        byte[] bytes = Codecs.REQUEST.encode(request());
        bytes[1] = 0x02;

        assertThatThrownBy(() -> Codecs.REQUEST.decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not Avro single-object encoding")
                .hasMessageContaining("C3 01");
    }

    @Test
    void headerShorterThanTenBytesIsUndecodable() {
        assertThatThrownBy(() -> Codecs.REQUEST.decode(new byte[] {(byte) 0xC3, 0x01, 0x10}))
                .isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void unknownFingerprintIsUndecodableAndSaysSo() {
        byte[] bytes = Codecs.REQUEST.encode(request());
        bytes[2] ^= (byte) 0xFF;

        assertThatThrownBy(() -> Codecs.REQUEST.decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown schema fingerprint").hasMessageContaining("for OnboardingRequest");
    }

    @Test
    void anotherEventTypeIsAnUnknownFingerprint() {
        byte[] check = Codecs.STATUS_CHECK.encode(statusCheck());

        assertThatThrownBy(() -> Codecs.REQUEST.decode(check))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown schema fingerprint").hasMessageContaining("for OnboardingRequest");
    }

    @Test
    void truncatedBodyIsUndecodable() {
        byte[] bytes = Codecs.REQUEST.encode(request());

        for (int length : new int[] {10, 11, bytes.length / 2, bytes.length - 1}) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> Codecs.REQUEST.decode(cut))
                    .as("cut to %d of %d bytes", length, bytes.length)
                    .isInstanceOf(UndecodableRecordException.class)
                    .hasMessageContaining("OnboardingRequest").hasMessageContaining("ended early");
        }
    }

    @Test
    void truncatedBodyMessageSaysTheValueEndedEarly() {
        byte[] bytes = Codecs.REQUEST.encode(request());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);

        assertThatThrownBy(() -> Codecs.REQUEST.decode(cut))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("ended early");
    }

    @Test
    void hostileStringLengthIsRejectedWhenTheCodecIsTheFirstAvroUse(@TempDir Path dir) throws Exception {
        String output = runHostileDecodeInFreshJvm("codec-first", dir);

        assertThat(output).startsWith("REJECTED").contains("declares a length of 1500000000 bytes");
    }

    @Test
    void hostileStringLengthIsRejectedEvenWhenAvroWasUsedBeforeTheCodec(@TempDir Path dir) throws Exception {
        String output = runHostileDecodeInFreshJvm("builder-first", dir);

        // Avro's own limits are read once, at class initialisation; the codec's bounds check does not depend on them.
        assertThat(output).startsWith("REJECTED").contains("declares a length of 1500000000 bytes");
    }

    /** Decodes a request whose first string claims 1.5 GB, in a JVM of its own so class initialisation is fresh. */
    public static final class HostileDecode {
        public static void main(String[] args) throws IOException {
            if (args[0].equals("builder-first")) {
                OnboardingRequest.newBuilder().setRequestId("r").setOrgId("o@AdobeOrg").setRegion("VA7")
                        .setConfigName("c").setKeyVaultKeyIdentifier("k").setCredentialRef("c")
                        .setRequestedAt(REQUESTED_AT).build();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header(OnboardingRequest.getClassSchema()));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            encoder.writeLong(1_500_000_000L);
            encoder.flush();
            try {
                Codecs.REQUEST.decode(out.toByteArray());
                System.out.println("DECODED");
            } catch (UndecodableRecordException e) {
                System.out.println("REJECTED " + e.getMessage());
            } catch (Throwable e) {
                System.out.println("ESCAPED " + e);
            }
        }
    }

    private static String runHostileDecodeInFreshJvm(String mode, Path dir) throws Exception {
        Path output = dir.resolve("out.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), HostileDecode.class.getName(), mode)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return Files.readString(output).strip();
    }

    @Test
    void requestWrittenWithTheGenericApiFromTheSchemaFileDecodes() throws Exception {
        Schema schema = schemaFile("OnboardingRequest.avsc");
        GenericRecord record = new GenericRecordBuilder(schema)
                .set("requestId", "req-generic-1")
                .set("orgId", "0123456789ABCDEF01234567@AdobeOrg")
                .set("region", "NLD2")
                .set("configName", "acme-cmk")
                .set("keyVaultKeyIdentifier", "https://acme.vault.azure.net/keys/cmk")
                .set("credentialRef", "acme-prod")
                .set("requestedAt", REQUESTED_AT.toEpochMilli())
                .set("deadline", REQUESTED_AT.plusSeconds(3600).toEpochMilli())
                .set("metadata", Map.of("ticket", "OPS-7"))
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xC3, 0x01});
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(SchemaNormalization.parsingFingerprint64(schema)).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
        encoder.flush();

        OnboardingRequest decoded = Codecs.REQUEST.decode(out.toByteArray());

        assertThat(decoded.getRequestId()).isEqualTo("req-generic-1");
        assertThat(decoded.getOrgId()).isEqualTo("0123456789ABCDEF01234567@AdobeOrg");
        assertThat(decoded.getRegion()).isEqualTo("NLD2");
        assertThat(decoded.getConfigName()).isEqualTo("acme-cmk");
        assertThat(decoded.getProvider()).as("schema default").isEqualTo("AZURE_KEYVAULT");
        assertThat(decoded.getKeyVaultKeyIdentifier()).isEqualTo("https://acme.vault.azure.net/keys/cmk");
        assertThat(decoded.getCredentialRef()).isEqualTo("acme-prod");
        assertThat(decoded.getRequestedAt()).isEqualTo(REQUESTED_AT);
        assertThat(decoded.getDeadline()).isEqualTo(REQUESTED_AT.plusSeconds(3600));
        assertThat(decoded.getMetadata()).containsExactly(Map.entry("ticket", "OPS-7"));
    }

    @Test
    void outcomeCanBeReadWithTheGenericApiAndTheSchemaFile() throws IOException {
        Schema schema = schemaFile("OnboardingOutcome.avsc");
        byte[] bytes = Codecs.OUTCOME.encode(outcome());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(schema));
        GenericRecord record = new GenericDatumReader<GenericRecord>(schema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 10, bytes.length - 10, null));

        assertThat(record.get("requestId")).hasToString("req-1");
        assertThat(record.get("orgId")).hasToString("0123456789ABCDEF01234567@AdobeOrg");
        assertThat(record.get("configName")).hasToString("acme-cmk");
        assertThat(record.get("status")).hasToString("REJECTED");
        assertThat(record.get("reason")).hasToString("the request is invalid");
        assertThat(record.get("attempts")).isEqualTo(0);
        assertThat(record.get("startedAt")).isEqualTo(REQUESTED_AT.toEpochMilli());
        assertThat(record.get("finishedAt")).isEqualTo(REQUESTED_AT.plusMillis(15).toEpochMilli());
        assertThat(record.get("replay")).isEqualTo(true);
        GenericRecord platform = (GenericRecord) record.get("platform");
        assertThat(platform.get("configId")).hasToString("cfg-42");
        assertThat(platform.get("jobStatus")).hasToString("COMPLETED");
        assertThat(platform.get("keyName")).isNull();
        List<?> violations = (List<?>) record.get("violations");
        assertThat(violations).hasSize(1);
        GenericRecord violation = (GenericRecord) violations.get(0);
        assertThat(violation.get("field")).hasToString("region");
        assertThat(violation.get("value")).hasToString("EU1");
        assertThat(violation.get("rule")).hasToString("must be one of VA7, NLD2, AUS5");
        Map<?, ?> metadata = (Map<?, ?>) record.get("metadata");
        assertThat(metadata).hasSize(1);
        assertThat(metadata.entrySet().iterator().next().getKey()).hasToString("ticket");
        assertThat(metadata.entrySet().iterator().next().getValue()).hasToString("OPS-1");
    }

    private static void assertHeader(byte[] bytes, Schema schema) {
        assertThat(bytes.length).isGreaterThan(10);
        assertThat(Arrays.copyOf(bytes, 10)).isEqualTo(header(schema));
    }

    private static byte[] header(Schema schema) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0xC3).put((byte) 0x01)
                .putLong(SchemaNormalization.parsingFingerprint64(schema))
                .array();
    }

    private static Schema schemaFile(String name) throws IOException {
        return new Schema.Parser().parse(SCHEMAS.resolve(name).toFile());
    }

    private static OnboardingRequest request() {
        return OnboardingRequest.newBuilder()
                .setRequestId("req-1")
                .setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7")
                .setConfigName("acme-cmk")
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://acme.vault.azure.net/keys/cmk/0a1b")
                .setCredentialRef("acme-prod")
                .setRequestedAt(REQUESTED_AT)
                .setDeadline(REQUESTED_AT.plusSeconds(7200))
                .setMetadata(Map.of("ticket", "OPS-1", "émoji", "😀"))
                .build();
    }

    private static StatusCheck statusCheck() {
        return StatusCheck.newBuilder()
                .setRequestId("req-1")
                .setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7")
                .setConfigName("acme-cmk")
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://acme.vault.azure.net/keys/cmk")
                .setCredentialRef("acme-prod")
                .setStep(Step.SUBMIT)
                .setAttempt(0)
                .setDueAt(REQUESTED_AT)
                .setDeadline(REQUESTED_AT.plusSeconds(60))
                .setStartedAt(REQUESTED_AT)
                .build();
    }

    private static OnboardingOutcome outcome() {
        return OnboardingOutcome.newBuilder()
                .setRequestId("req-1")
                .setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setConfigName("acme-cmk")
                .setStatus(OutcomeStatus.REJECTED)
                .setReason("the request is invalid")
                .setPlatform(PlatformConfig.newBuilder().setConfigId("cfg-42").setJobStatus("COMPLETED").build())
                .setViolations(List.of(Violation.newBuilder().setField("region").setValue("EU1")
                        .setRule("must be one of VA7, NLD2, AUS5").build()))
                .setAttempts(0)
                .setStartedAt(REQUESTED_AT)
                .setFinishedAt(REQUESTED_AT.plusMillis(15))
                .setMetadata(Map.of("ticket", "OPS-1"))
                .setReplay(true)
                .build();
    }
}
