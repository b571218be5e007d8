package io.cmkworker.kafka.commit;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committed offset's metadata: which records <em>after</em> the committed offset are already done.
 * A record that finished while an earlier one of its partition was still running has its outputs
 * committed at once, in the same transaction as this metadata; a consumer that reads the partition again
 * from the committed offset skips those records.
 *
 * <p>The metadata is {@code cmk<version>:} and the encoding of that version, in URL-safe base64 without padding,
 * in which offset {@code committed + 1 + i} is position {@code i}:
 * <ul>
 *   <li><b>1, bitmap</b>: bit {@code i} set when that offset is done ({@link BitSet#toByteArray()}).</li>
 *   <li><b>2, run lengths</b>: unsigned LEB128 varints, alternately the length of a run of offsets not done and
 *       of a run done, starting with not done (so a partition whose first record is slow and the 9,999 after it
 *       done is {@code [0, 9999]}: 3 bytes, where the bitmap takes 1.7 KB).</li>
 * </ul>
 * The writer picks the shorter of the versions it may write (see {@code formats.level}). A reader that finds a
 * version it does not know reports it ({@link Kind#UNKNOWN_VERSION}) and never guesses; metadata that is not
 * this worker's, or that does not decode, is reported as such, and read as nothing done beyond the offset (the
 * request ledger then answers the records read again).
 */
public final class DoneOffsets {

    /**
     * The widest span of offsets past the committed one that the metadata may describe: 10,000 positions, at
     * most 1.7 KB of text in either encoding, well under the broker's {@code offset.metadata.max.bytes} (4 KB by
     * default).
     */
    public static final int MAX_SPAN = 10_000;
    /** The bitmap encoding, which every version of the worker reads. */
    public static final int BITMAP = 1;
    /** The run-length encoding. */
    public static final int RUN_LENGTH = 2;
    /** The newest encoding this version writes and reads. */
    public static final int NEWEST = RUN_LENGTH;

    private static final Pattern VERSIONED = Pattern.compile("^cmk(\\d{1,9}):");
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    /** What a committed offset's metadata turned out to be. */
    public enum Kind {
        /** No metadata: nothing is done beyond the offset. */
        NONE,
        /** A done set this worker reads. */
        DONE_SET,
        /** Metadata that is not this worker's (another tool committed the offset). */
        FOREIGN,
        /** This worker's prefix, but it does not decode. */
        UNREADABLE,
        /** A done set of a version this worker does not know: hold the partition, do not guess. */
        UNKNOWN_VERSION
    }

    /**
     * What the metadata of a committed offset says.
     *
     * @param done the offsets done beyond the committed one, in order (empty unless {@link Kind#DONE_SET})
     * @param version the done set's version, or 0 when the metadata names none
     * @param detail why it could not be read, for logs; empty when it could
     */
    public record Read(Kind kind, Set<Long> done, int version, String detail) {
        public Read {
            done = Collections.unmodifiableSortedSet(new TreeSet<>(done));
        }
    }

    private DoneOffsets() {
    }

    /** The metadata for {@code done} offsets beyond {@code committed}, in the shorter encoding of any version. */
    public static String encode(long committed, Collection<Long> done) {
        return encode(committed, done, NEWEST);
    }

    /**
     * The metadata for {@code done} offsets beyond {@code committed} (offsets at or before it are ignored), in the
     * shorter of the encodings up to {@code maxVersion}; empty when none is done beyond it.
     */
    public static String encode(long committed, Collection<Long> done, int maxVersion) {
        TreeSet<Integer> positions = new TreeSet<>();
        for (long offset : done) {
            long i = offset - committed - 1;
            if (i >= 0) {
                if (i >= MAX_SPAN) {
                    throw new IllegalArgumentException("offset " + offset + " is more than " + MAX_SPAN
                            + " past the committed offset " + committed);
                }
                positions.add((int) i);
            }
        }
        if (positions.isEmpty()) {
            return "";
        }
        String best = "cmk1:" + BASE64.encodeToString(bitmap(positions));
        if (maxVersion >= RUN_LENGTH) {
            String runs = "cmk2:" + BASE64.encodeToString(runLengths(positions));
            if (runs.length() < best.length()) {
                best = runs;
            }
        }
        return best;
    }

    /** The done offsets the metadata of {@code committed} names; empty for anything but a done set it reads. */
    public static Set<Long> decode(long committed, String metadata) {
        return read(committed, metadata).done();
    }

    /** Reads the metadata of {@code committed}. */
    public static Read read(long committed, String metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return new Read(Kind.NONE, Set.of(), 0, "");
        }
        Matcher m = VERSIONED.matcher(metadata);
        if (!m.find()) {
            return new Read(Kind.FOREIGN, Set.of(), 0, "metadata that cmk-worker did not write ("
                    + metadata.length() + " characters)");
        }
        int version = Integer.parseInt(m.group(1));
        if (version != BITMAP && version != RUN_LENGTH) {
            return new Read(Kind.UNKNOWN_VERSION, Set.of(), version, "done-set version " + version
                    + ", which this worker (versions " + BITMAP + " to " + NEWEST + ") does not read");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(metadata.substring(m.end()));
        } catch (IllegalArgumentException e) {
            return new Read(Kind.UNREADABLE, Set.of(), version, "done-set version " + version + " that is not"
                    + " base64: " + e.getMessage());
        }
        Set<Long> out = new TreeSet<>();
        if (version == BITMAP) {
            BitSet bits = BitSet.valueOf(bytes);
            for (int i = bits.nextSetBit(0); i >= 0 && i < MAX_SPAN; i = bits.nextSetBit(i + 1)) {
                out.add(committed + 1 + i);
            }
            return new Read(Kind.DONE_SET, out, version, "");
        }
        try {
            fromRunLengths(bytes, committed, out);
        } catch (IllegalArgumentException e) {
            return new Read(Kind.UNREADABLE, Set.of(), version, "done-set version " + version + " that does not"
                    + " decode: " + e.getMessage());
        }
        return new Read(Kind.DONE_SET, out, version, "");
    }

    private static byte[] bitmap(TreeSet<Integer> positions) {
        BitSet bits = new BitSet();
        positions.forEach(bits::set);
        return bits.toByteArray();
    }

    private static byte[] runLengths(TreeSet<Integer> positions) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        Integer start = positions.first();
        while (start != null) {
            int end = start;
            while (positions.contains(end + 1)) {
                end++;
            }
            varint(out, start - at);
            varint(out, end - start + 1);
            at = end + 1;
            start = positions.higher(end);
        }
        return out.toByteArray();
    }

    private static void fromRunLengths(byte[] bytes, long committed, Set<Long> out) {
        int[] at = {0};
        long position = 0;
        while (at[0] < bytes.length) {
            position += readVarint(bytes, at);
            long run = readVarint(bytes, at);
            if (run == 0 || position + run > MAX_SPAN) {
                throw new IllegalArgumentException("a run of " + run + " at position " + position
                        + (run == 0 ? " is empty" : " goes past " + MAX_SPAN));
            }
            for (long i = 0; i < run; i++) {
                out.add(committed + 1 + position + i);
            }
            position += run;
        }
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (at[0] >= bytes.length) {
                throw new IllegalArgumentException("it ends inside a number");
            }
            int b = bytes[at[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a number is longer than 5 bytes");
    }
}
