package io.cmkworker.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

/**
 * The events only workers read, across format levels. The golden files in {@code golden/format-1/} were written by
 * the worker of format level 1 (before {@code requestOffset}): this version reads them. Told to write for level-1
 * readers ({@code formats.level=1}), it writes records that a level-1 worker reads: its schema's fingerprint, and a
 * body its schema decodes.
 */
class FormatLevelsTest {

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = FormatLevelsTest.class.getResourceAsStream("/golden/format-1/" + name)) {
            return in.readAllBytes();
        }
    }

    /** What a level-1 worker does with a record: its codec knows one fingerprint, its schema decodes the body. */
    private static GenericRecord readAsLevelOne(String history, byte[] bytes) throws IOException {
        Schema schema = Codecs.history(history);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).as("the fingerprint a level-1 worker knows")
                .isEqualTo(SchemaNormalization.parsingFingerprint64(schema));
        return new GenericDatumReader<GenericRecord>(schema).read(null,
                DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 10, bytes.length), null));
    }

    @Test
    void readsTheStepsAndLedgerEntriesLevelOneWrote() throws Exception {
        StatusCheck check = Codecs.STANDARD.statusCheck().decode(golden("StatusCheck.bin"));
        assertThat(check.getRequestId()).isEqualTo("req-1");
        assertThat(check.getAttempt()).isEqualTo(2);
        assertThat(check.getMetadata()).containsEntry("team", "blue");
        assertThat(check.getRequestOffset()).as("level 1 did not write it").isNull();

        LedgerEntry inFlight = Codecs.STANDARD.ledger().decode(golden("LedgerEntry-in-flight.bin"));
        assertThat(inFlight.getState()).isEqualTo(LedgerState.IN_FLIGHT);
        assertThat(inFlight.getRequestOffset()).isNull();
        LedgerEntry done = Codecs.STANDARD.ledger().decode(golden("LedgerEntry-done.bin"));
        assertThat(done.getState()).isEqualTo(LedgerState.DONE);
        assertThat(Codecs.STANDARD.outcome().decode(done.getOutcome().array()).getStatus())
                .isEqualTo(OutcomeStatus.COMPLETED);
    }

    @Test
    void atLevelOneWritesWhatLevelOneWorkersRead() throws Exception {
        Codecs levelOne = Codecs.STANDARD.writingLevel(1);
        StatusCheck check = Codecs.STANDARD.statusCheck().decode(golden("StatusCheck.bin"));
        check.setRequestOffset(42L);

        byte[] written = levelOne.statusCheck().encode(check);
        assertThat(written).as("the very bytes level 1 wrote").isEqualTo(golden("StatusCheck.bin"));
        GenericRecord read = readAsLevelOne("StatusCheck-v1.avsc", written);
        assertThat(read.get("requestId")).hasToString("req-1");

        LedgerEntry entry = new LedgerEntry("req-1", "0123456789ABCDEF01234567@AdobeOrg", LedgerState.IN_FLIGHT, null,
                Instant.parse("2026-12-01T10:00:00Z"), 42L);
        byte[] ledger = levelOne.ledger().encode(entry);
        assertThat(ledger).isEqualTo(golden("LedgerEntry-in-flight.bin"));
        assertThat(readAsLevelOne("LedgerEntry-v1.avsc", ledger).get("state")).hasToString("IN_FLIGHT");
        assertThat(levelOne.statusCheck().decode(written).getRequestOffset()).as("and reads them itself").isNull();
    }

    @Test
    void atItsOwnLevelWritesTheRequestOffset() throws Exception {
        StatusCheck check = Codecs.STANDARD.statusCheck().decode(golden("StatusCheck.bin"));
        check.setRequestOffset(42L);

        StatusCheck back = Codecs.STANDARD.statusCheck().decode(Codecs.STANDARD.statusCheck().encode(check));
        assertThat(back.getRequestOffset()).isEqualTo(42L);
        assertThat(Codecs.STANDARD.writingLevel(Codecs.FORMAT_LEVEL)).isSameAs(Codecs.STANDARD);
    }
}
