package io.cmkworker.kafka.commit;

import java.util.Base64;
import java.util.BitSet;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The committed offset's metadata: which records <em>after</em> the committed offset are already done.
 * A record that finished while an earlier one of its partition was still running has its outputs
 * committed at once, in the same transaction as this metadata; a consumer that reads the partition again
 * from the committed offset skips those records. Written as {@code cmk1:} and a base64 bitmap in which bit
 * {@code i} stands for offset {@code committed + 1 + i}.
 */
public final class DoneOffsets {

    private static final String PREFIX = "cmk1:";

    /**
     * The widest span of offsets past the committed one that the metadata may describe: 10,000 bits, 1.7 KB
     * of text, well under the broker's {@code offset.metadata.max.bytes} (4 KB by default).
     */
    public static final int MAX_SPAN = 10_000;

    private DoneOffsets() {
    }

    /** The metadata for {@code done} offsets beyond {@code committed}; offsets at or before it are ignored. */
    public static String encode(long committed, Collection<Long> done) {
        BitSet bits = new BitSet();
        for (long offset : done) {
            long i = offset - committed - 1;
            if (i >= 0) {
                if (i >= MAX_SPAN) {
                    throw new IllegalArgumentException("offset " + offset + " is more than " + MAX_SPAN
                            + " past the committed offset " + committed);
                }
                bits.set((int) i);
            }
        }
        return bits.isEmpty() ? "" : PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits.toByteArray());
    }

    /** The done offsets the metadata of {@code committed} names; empty for other or unreadable metadata. */
    public static Set<Long> decode(long committed, String metadata) {
        Set<Long> out = new TreeSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return out;
        }
        BitSet bits;
        try {
            bits = BitSet.valueOf(Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return out;
        }
        for (int i = bits.nextSetBit(0); i >= 0 && i < MAX_SPAN; i = bits.nextSetBit(i + 1)) {
            out.add(committed + 1 + i);
        }
        return out;
    }
}
