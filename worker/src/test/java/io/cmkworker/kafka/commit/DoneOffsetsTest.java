package io.cmkworker.kafka.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The done sets in commit metadata: both encodings, the choice of the shorter, readers that refuse to guess, and
 * the golden file of format level 1 ({@code golden/format-1/done-offsets.tsv}, written by the worker before
 * run-length done sets), which every later version must read, and which this version must write byte for byte
 * when it is told to write what level-1 workers read ({@code formats.level=1}).
 */
class DoneOffsetsTest {

    /** One line of the golden file: a committed offset, the offsets done beyond it, the metadata level 1 wrote. */
    record Golden(long committed, Set<Long> done, String metadata) {
    }

    static List<Golden> formatOne() throws IOException {
        List<Golden> out = new ArrayList<>();
        try (InputStream in = DoneOffsetsTest.class.getResourceAsStream("/golden/format-1/done-offsets.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Set<Long> done = new TreeSet<>();
                if (f[1].contains("..")) {
                    String[] range = f[1].split("\\.\\.");
                    for (long o = Long.parseLong(range[0]); o <= Long.parseLong(range[1]); o++) {
                        done.add(o);
                    }
                } else if (!f[1].equals("[]")) {
                    for (String o : f[1].substring(1, f[1].length() - 1).split(",")) {
                        done.add(Long.parseLong(o));
                    }
                }
                out.add(new Golden(Long.parseLong(f[0]), done, f[2]));
            }
        }
        return out;
    }

    /** The level-1 reader, as main had it before run-length done sets: a bitmap, anything else is nothing done. */
    static Set<Long> levelOneReader(long committed, String metadata) {
        Set<Long> out = new TreeSet<>();
        if (metadata == null || !metadata.startsWith("cmk1:")) {
            return out;
        }
        BitSet bits;
        try {
            bits = BitSet.valueOf(Base64.getUrlDecoder().decode(metadata.substring("cmk1:".length())));
        } catch (IllegalArgumentException e) {
            return out;
        }
        for (int i = bits.nextSetBit(0); i >= 0 && i < DoneOffsets.MAX_SPAN; i = bits.nextSetBit(i + 1)) {
            out.add(committed + 1 + i);
        }
        return out;
    }

    @Test
    void readsEveryDoneSetThatLevelOneWrote() throws IOException {
        List<Golden> golden = formatOne();
        assertThat(golden).hasSizeGreaterThanOrEqualTo(5);
        for (Golden g : golden) {
            DoneOffsets.Read read = DoneOffsets.read(g.committed(), g.metadata());
            assertThat(read.done()).as(g.metadata()).isEqualTo(g.done());
            assertThat(read.kind()).isEqualTo(g.done().isEmpty() ? DoneOffsets.Kind.NONE : DoneOffsets.Kind.DONE_SET);
        }
    }

    @Test
    void writesExactlyWhatLevelOneWroteWhenToldToWriteForLevelOneReaders() throws IOException {
        for (Golden g : formatOne()) {
            String written = DoneOffsets.encode(g.committed(), g.done(), DoneOffsets.BITMAP);
            assertThat(written).isEqualTo(g.metadata());
            assertThat(levelOneReader(g.committed(), written)).isEqualTo(g.done());
        }
    }

    @Test
    void aSlowFirstRecordWithTheWholeWindowDoneBehindItTakesAFewBytesRunLengthEncoded() {
        List<Long> behind = new ArrayList<>();
        for (long o = 1; o < DoneOffsets.MAX_SPAN; o++) {
            behind.add(o);
        }
        String bitmap = DoneOffsets.encode(0, behind, DoneOffsets.BITMAP);
        String best = DoneOffsets.encode(0, behind);

        assertThat(bitmap.length()).isGreaterThan(1_600);
        assertThat(best).startsWith("cmk2:").hasSizeLessThan(12);
        assertThat(DoneOffsets.decode(0, best)).hasSize(DoneOffsets.MAX_SPAN - 1).first().isEqualTo(1L);
    }

    @Test
    void picksTheBitmapWhenItIsShorter() {
        List<Long> everyOther = new ArrayList<>();
        for (long o = 101; o < 2_000; o += 2) {
            everyOther.add(o);
        }
        String best = DoneOffsets.encode(100, everyOther);

        assertThat(best).startsWith("cmk1:");
        assertThat(DoneOffsets.decode(100, best)).containsExactlyElementsOf(everyOther);
    }

    @Test
    void bothEncodingsRoundTripAnySetWithinTheSpan() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            long committed = random.nextInt(1_000_000);
            Set<Long> done = new TreeSet<>();
            int n = random.nextInt(200);
            int runs = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                long start = committed + 1 + random.nextInt(DoneOffsets.MAX_SPAN - 50);
                for (int r = 0; r < runs; r++) {
                    done.add(start + r);
                }
            }
            for (int version : List.of(DoneOffsets.BITMAP, DoneOffsets.RUN_LENGTH)) {
                String metadata = DoneOffsets.encode(committed, done, version);
                assertThat(DoneOffsets.decode(committed, metadata)).as("version %d, round %d", version, round)
                        .isEqualTo(done);
                assertThat(metadata.length()).isLessThan(4096);
            }
        }
    }

    @Test
    void offsetsAtOrBeforeTheCommittedOneAreNotWrittenAndNothingDoneIsEmpty() {
        assertThat(DoneOffsets.encode(100, List.of(99L, 100L))).isEmpty();
        assertThat(DoneOffsets.read(5, "").kind()).isEqualTo(DoneOffsets.Kind.NONE);
        assertThat(DoneOffsets.read(5, null).kind()).isEqualTo(DoneOffsets.Kind.NONE);
        assertThatThrownBy(() -> DoneOffsets.encode(0, List.of((long) DoneOffsets.MAX_SPAN + 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownVersionIsReportedNotGuessed() {
        DoneOffsets.Read read = DoneOffsets.read(5, "cmk3:AAEC");

        assertThat(read.kind()).isEqualTo(DoneOffsets.Kind.UNKNOWN_VERSION);
        assertThat(read.version()).isEqualTo(3);
        assertThat(read.done()).isEmpty();
        assertThat(read.detail()).contains("done-set version 3").contains("does not read");
        List<Long> run = new ArrayList<>();
        for (long o = 6; o < 5_000; o++) {
            run.add(o);
        }
        String runLengths = DoneOffsets.encode(5, run, DoneOffsets.RUN_LENGTH);
        assertThat(runLengths).startsWith("cmk2:");
        assertThat(levelOneReader(5, runLengths))
                .as("why level 1 must not be given run lengths: it reads them as nothing done").isEmpty();
    }

    @Test
    void metadataOfAnotherToolOrThatDoesNotDecodeIsSaidToBeSo() {
        assertThat(DoneOffsets.read(5, "checkpoint from some other consumer").kind())
                .isEqualTo(DoneOffsets.Kind.FOREIGN);
        assertThat(DoneOffsets.read(5, "cmk1:!!not base64!!").kind()).isEqualTo(DoneOffsets.Kind.UNREADABLE);
        assertThat(DoneOffsets.read(5, "cmk2:gA").kind()).as("a number cut short").isEqualTo(DoneOffsets.Kind.UNREADABLE);
        assertThat(DoneOffsets.read(5, "cmk2:AAA").kind()).as("an empty run").isEqualTo(DoneOffsets.Kind.UNREADABLE);
        assertThat(DoneOffsets.read(5, "cmk2:AP9P").detail()).as("a run past the span").contains("goes past");
    }
}
