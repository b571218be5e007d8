package io.cmkworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.events.AvroCodec;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * {@code contracts/wire-format.md} against the codecs: its fingerprint table is the fingerprints of
 * the schemas the worker is built with, every value starts with the header it documents, and its
 * CRC-64-AVRO description computes what Avro computes.
 */
class WireFormatContractTest {

    private static final Pattern TABLE_ROW = Pattern.compile(
            "^\\| `([\\w.]+)` \\| `0x([0-9a-f]{16})` \\| `([0-9a-f ]+)` \\| `([0-9a-f ]+)` \\|$", Pattern.MULTILINE);
    /** A row of the "earlier versions" table: schema, version, resource, fingerprint, wire bytes. */
    private static final Pattern HISTORY_ROW = Pattern.compile(
            "^\\| `([\\w.]+)` (v\\d+) \\(`([\\w.-]+)`\\) \\| `0x([0-9a-f]{16})` \\| `([0-9a-f ]+)` \\| [^|]+ \\|$",
            Pattern.MULTILINE);
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final java.util.function.Supplier<Schema> OUTCOME_V1 = () -> {
        try (java.io.InputStream in = Codecs.class.getResourceAsStream("history/OnboardingOutcome-v1.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    };

    private static Schema history(String resource) {
        try (java.io.InputStream in = Codecs.class.getResourceAsStream("history/" + resource)) {
            return new Schema.Parser().parse(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One documented row: the fingerprint as a number, and the bytes as the document spells them. */
    private record Row(long fingerprint, String wireBytes, String firstTenBytes) {
    }

    @Test
    void fingerprintTableListsExactlyTheWorkersSchemas() {
        assertThat(documentedRows().keySet()).containsExactlyInAnyOrder(
                Codecs.REQUEST.schema().getFullName(),
                Codecs.OUTCOME.schema().getFullName(),
                Codecs.STATUS_CHECK.schema().getFullName());
    }

    @Test
    void documentedFingerprintsAreTheSchemasFingerprints() {
        for (Schema schema : new Schema[] {Codecs.REQUEST.schema(), Codecs.OUTCOME.schema(),
                Codecs.STATUS_CHECK.schema()}) {
            Row row = row(schema);
            long fingerprint = SchemaNormalization.parsingFingerprint64(schema);

            assertThat(row.fingerprint()).as("fingerprint of %s", schema.getFullName()).isEqualTo(fingerprint);
            assertThat(row.wireBytes()).as("wire bytes of %s", schema.getFullName())
                    .isEqualTo(spaced(littleEndian(fingerprint)));
        }
    }

    @Test
    void earlierVersionsTableListsTheHistorySchemasTheWorkerReads() {
        Matcher m = HISTORY_ROW.matcher(Contracts.read(Contracts.DIR.resolve("wire-format.md")));
        Map<String, Row> rows = new LinkedHashMap<>();
        while (m.find()) {
            rows.put(m.group(3), new Row(Long.parseUnsignedLong(m.group(4), 16), m.group(5), ""));
        }

        assertThat(rows).containsOnlyKeys("OnboardingOutcome-v1.avsc", "StatusCheck-v1.avsc", "LedgerEntry-v1.avsc");
        Map<String, Schema> current = Map.of("OnboardingOutcome-v1.avsc", Codecs.OUTCOME.schema(),
                "StatusCheck-v1.avsc", Codecs.STATUS_CHECK.schema(), "LedgerEntry-v1.avsc", Codecs.LEDGER.schema());
        rows.forEach((resource, row) -> {
            Schema old = history(resource);
            assertThat(row.fingerprint()).as(resource).isEqualTo(SchemaNormalization.parsingFingerprint64(old));
            assertThat(row.wireBytes()).isEqualTo(spaced(littleEndian(row.fingerprint())));
            assertThat(row.fingerprint()).as("%s is not the current schema", resource)
                    .isNotEqualTo(SchemaNormalization.parsingFingerprint64(current.get(resource)));
        });
    }

    @Test
    void workerReadsAnOutcomeWrittenWithVersion1AsHavingNoHint() throws Exception {
        Schema v1 = OUTCOME_V1.get();
        GenericRecord old = new GenericRecordBuilder(v1)
                .set("requestId", "req-1").set("orgId", "0123456789ABCDEF01234567@AdobeOrg").set("configName", "c")
                .set("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "FAILED"))
                .set("reason", "the Platform reported FAILED").set("attempts", 4)
                .set("startedAt", T0.toEpochMilli()).set("finishedAt", T0.plusSeconds(9).toEpochMilli())
                .build();
        byte[] value = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old).array();

        OnboardingOutcome read = Codecs.OUTCOME.decode(value);

        assertThat(read.getStatus()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(read.getReason()).isEqualTo("the Platform reported FAILED");
        assertThat(read.getAttempts()).isEqualTo(4);
        assertThat(read.getHint()).isNull();
    }

    @Test
    void version1ReaderThatRegisteredVersion2ReadsANewOutcomeAndSkipsTheHint() throws Exception {
        Schema v1 = OUTCOME_V1.get();
        OnboardingOutcome current = OnboardingOutcome.newBuilder()
                .setRequestId("req-2").setOrgId("0123456789ABCDEF01234567@AdobeOrg").setConfigName("c")
                .setStatus(OutcomeStatus.ERROR).setReason("403").setAttempts(1).setStartedAt(T0).setFinishedAt(T0)
                .setMetadata(Map.of("k", "v")).setReplay(true).setHint("check the org")
                .build();
        BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), v1);
        oldReader.addSchema(Codecs.OUTCOME.schema());

        GenericRecord read = oldReader.decode(Codecs.OUTCOME.encode(current));

        assertThat(read.getSchema().getField("hint")).isNull();
        assertThat(read.get("requestId").toString()).isEqualTo("req-2");
        assertThat(read.get("status").toString()).isEqualTo("ERROR");
        assertThat(read.get("replay")).isEqualTo(true);
        assertThat(read.get("metadata").toString()).contains("k");
    }

    @Test
    void requestValueStartsWithTheDocumentedHeader() {
        OnboardingRequest request = OnboardingRequest.newBuilder()
                .setRequestId("req-1").setOrgId("0123456789ABCDEF01234567@AdobeOrg").setRegion("VA7")
                .setConfigName("Config1").setCredentialRef("main").setRequestedAt(T0)
                .setKeyVaultKeyIdentifier("https://myvault.vault.azure.net/keys/my-key/0123456789abcdef")
                .build();

        assertStartsWithDocumentedHeader(Codecs.REQUEST, request);
    }

    @Test
    void outcomeValueStartsWithTheDocumentedHeader() {
        OnboardingOutcome outcome = OnboardingOutcome.newBuilder()
                .setRequestId("req-1").setOrgId("0123456789ABCDEF01234567@AdobeOrg").setConfigName("Config1")
                .setStatus(OutcomeStatus.COMPLETED).setReason("the key is in use").setAttempts(3)
                .setStartedAt(T0).setFinishedAt(T0.plusSeconds(90))
                .build();

        assertStartsWithDocumentedHeader(Codecs.OUTCOME, outcome);
    }

    @Test
    void statusCheckValueStartsWithTheDocumentedHeader() {
        StatusCheck check = StatusCheck.newBuilder()
                .setRequestId("req-1").setOrgId("0123456789ABCDEF01234567@AdobeOrg").setRegion("VA7")
                .setConfigName("Config1").setProvider("AZURE_KEYVAULT").setCredentialRef("main")
                .setKeyVaultKeyIdentifier("https://myvault.vault.azure.net/keys/my-key/0123456789abcdef")
                .setStep(Step.STATUS).setAttempt(1).setDueAt(T0.plusSeconds(5)).setDeadline(T0.plusSeconds(86_400))
                .setStartedAt(T0)
                .build();

        assertStartsWithDocumentedHeader(Codecs.STATUS_CHECK, check);
    }

    @Test
    void documentedCrc64AvroComputesWhatAvroComputes() {
        assertThat(Contracts.read(Contracts.DIR.resolve("wire-format.md")))
                .as("the test vectors below are the document's")
                .contains("0xc15d213aa4d7a795", "0x7275d51a3f395c8f", "0x8f014872634503c7");
        assertThat(DocumentedCrc64.fingerprint(new byte[0])).isEqualTo(0xc15d213aa4d7a795L);
        assertThat(DocumentedCrc64.fingerprint("\"int\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x7275d51a3f395c8fL);
        assertThat(DocumentedCrc64.fingerprint("\"string\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(0x8f014872634503c7L);
        for (Schema schema : new Schema[] {Codecs.REQUEST.schema(), Codecs.OUTCOME.schema(),
                Codecs.STATUS_CHECK.schema()}) {
            byte[] canonical = SchemaNormalization.toParsingForm(schema).getBytes(StandardCharsets.UTF_8);
            assertThat(DocumentedCrc64.fingerprint(canonical)).isEqualTo(SchemaNormalization.fingerprint64(canonical));
        }
    }

    private static <T extends SpecificRecordBase> void assertStartsWithDocumentedHeader(AvroCodec<T> codec, T event) {
        Row row = row(codec.schema());
        byte[] value = codec.encode(event);
        byte[] header = new byte[10];
        System.arraycopy(value, 0, header, 0, 10);

        assertThat(spaced(header)).isEqualTo(row.firstTenBytes());
        assertThat(spaced(header)).startsWith("c3 01 ").endsWith(row.wireBytes());
    }

    private static Row row(Schema schema) {
        Map<String, Row> rows = documentedRows();
        assertThat(rows).as("rows of the fingerprint table").containsKey(schema.getFullName());
        return rows.get(schema.getFullName());
    }

    private static Map<String, Row> documentedRows() {
        String doc = Contracts.read(Contracts.DIR.resolve("wire-format.md"));
        Map<String, Row> rows = new LinkedHashMap<>();
        Matcher m = TABLE_ROW.matcher(doc);
        while (m.find()) {
            rows.put(m.group(1), new Row(Long.parseUnsignedLong(m.group(2), 16), m.group(3), m.group(4)));
        }
        return rows;
    }

    private static byte[] littleEndian(long value) {
        byte[] out = new byte[8];
        for (int k = 0; k < 8; k++) {
            out[k] = (byte) (value >>> (8 * k));
        }
        return out;
    }

    private static String spaced(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }

    /** The algorithm exactly as wire-format.md writes it. */
    private static final class DocumentedCrc64 {
        static final long EMPTY = 0xc15d213aa4d7a795L;
        static final long[] FP_TABLE = new long[256];

        static {
            for (int i = 0; i < 256; i++) {
                long fp = i;
                for (int j = 0; j < 8; j++) {
                    fp = (fp >>> 1) ^ (EMPTY & -(fp & 1L));
                }
                FP_TABLE[i] = fp;
            }
        }

        static long fingerprint(byte[] buf) {
            long fp = EMPTY;
            for (byte b : buf) {
                fp = (fp >>> 8) ^ FP_TABLE[(int) (fp ^ b) & 0xff];
            }
            return fp;
        }
    }
}
