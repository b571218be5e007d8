package io.cmkworker.kafka.ledger;

import io.cmkworker.events.LedgerState;
import io.cmkworker.kafka.ledger.RequestLedger.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * One slot's ledger entries, packed, because a worker holds one for every onboarding in flight in its slots.
 * A request is known by a 96-bit digest of its organisation and request ID (the first 12 bytes of SHA-256;
 * two of a million requests in one slot collide with a chance of about 10⁻¹⁷), kept with the second it was
 * recorded, the offset its request was taken at and, once it is done, its encoded outcome, in an
 * open-addressing table of primitive arrays: 28 bytes a place. The table grows by a quarter when it is 85% full,
 * so it is 68-85% full whatever its size, and an entry in flight costs 33-41 bytes (a map of strings and objects:
 * some 200). Linear probing stays short at
 * that load (about 4 places looked at to find an entry, 23 to find that one is missing, in one run of
 * adjacent memory). Not thread-safe: each table is used by one thread at a time.
 */
public final class LedgerTable {

    /** Times are kept as seconds since 2020-01-01T00:00:00Z, in an int (until 2088); 0 marks an empty place. */
    private static final long BASE_SECOND = 1_577_836_800L;
    private static final int MIN_CAPACITY = 16;
    private static final int MAX_LOAD_PERCENT = 85;
    /** The outcome of a finished request whose ledger record had none (never written by this worker). */
    private static final byte[] NO_OUTCOME = new byte[0];
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    });

    /** The digest's first 64 bits. */
    private long[] hi;
    /** Its next 32 bits. */
    private int[] lo;
    /** When the entry was recorded ({@link #BASE_SECOND}-based); 0: the place is empty. */
    private int[] seconds;
    /** The offset its request was taken at in the requests topic; -1 when not known. */
    private long[] requestOffset;
    /** The outcome of a finished request; null while it is in flight. */
    private byte[][] outcome;
    private int size;
    private int inFlight;

    public LedgerTable() {
        allocate(MIN_CAPACITY);
    }

    public int size() {
        return size;
    }

    public int inFlight() {
        return inFlight;
    }

    /** Places in the table, filled or not (for tests of its growth). */
    int capacity() {
        return seconds.length;
    }

    /** What the table holds for this request ID ({@link RequestLedger#idOf}), or null. */
    public Entry get(String id) {
        ByteBuffer key = digest(id);
        int i = find(key.getLong(0), key.getInt(8));
        if (seconds[i] == 0) {
            return null;
        }
        byte[] o = outcome[i];
        return new Entry(o == null ? LedgerState.IN_FLIGHT : LedgerState.DONE, o == NO_OUTCOME ? null : o,
                Instant.ofEpochSecond(BASE_SECOND + seconds[i]), requestOffset[i]);
    }

    /** Records an entry, replacing what was there. Its time is kept to the second. */
    public void put(String id, Entry entry) {
        ByteBuffer key = digest(id);
        long h = key.getLong(0);
        int l = key.getInt(8);
        int i = find(h, l);
        if (seconds[i] == 0) {
            if ((size + 1) * 100L > capacity() * (long) MAX_LOAD_PERCENT) {
                resize(capacityFor(size + 1), 0);
                i = find(h, l);
            }
            size++;
        } else if (outcome[i] == null) {
            inFlight--;
        }
        byte[] o = entry.state() == LedgerState.DONE ? (entry.outcome() == null ? NO_OUTCOME : entry.outcome()) : null;
        hi[i] = h;
        lo[i] = l;
        seconds[i] = secondsOf(entry.updatedAt());
        requestOffset[i] = entry.requestOffset();
        outcome[i] = o;
        if (o == null) {
            inFlight++;
        }
    }

    /** Forgets every entry recorded before {@code cutoff} (to the second); returns how many of them were in flight. */
    int removeOlderThan(Instant cutoff) {
        int limit = secondsOf(cutoff);
        int keep = 0;
        for (int s : seconds) {
            if (s != 0 && s >= limit) {
                keep++;
            }
        }
        int before = inFlight;
        resize(capacityFor(keep), limit);
        return before - inFlight;
    }

    /** Moves the entries recorded at {@code minSeconds} or later into new arrays of {@code capacity} places. */
    private void resize(int capacity, int minSeconds) {
        long[] oldHi = hi;
        int[] oldLo = lo;
        int[] oldSeconds = seconds;
        long[] oldRequestOffset = requestOffset;
        byte[][] oldOutcome = outcome;
        allocate(capacity);
        size = 0;
        inFlight = 0;
        for (int i = 0; i < oldSeconds.length; i++) {
            if (oldSeconds[i] != 0 && oldSeconds[i] >= minSeconds) {
                int at = find(oldHi[i], oldLo[i]);
                hi[at] = oldHi[i];
                lo[at] = oldLo[i];
                seconds[at] = oldSeconds[i];
                requestOffset[at] = oldRequestOffset[i];
                outcome[at] = oldOutcome[i];
                size++;
                if (oldOutcome[i] == null) {
                    inFlight++;
                }
            }
        }
    }

    /**
     * The place of this key: where it is, or the empty one where it would go (linear probing). The first place
     * is the key's top 32 bits scaled to the capacity, which need not be a power of two.
     */
    private int find(long h, int l) {
        int capacity = capacity();
        int i = (int) (((h >>> 32) * capacity) >>> 32);
        while (seconds[i] != 0 && (hi[i] != h || lo[i] != l)) {
            i = i + 1 == capacity ? 0 : i + 1;
        }
        return i;
    }

    private void allocate(int capacity) {
        hi = new long[capacity];
        lo = new int[capacity];
        seconds = new int[capacity];
        requestOffset = new long[capacity];
        outcome = new byte[capacity][];
    }

    /** The capacity a table of {@code entries} entries gets: grown by a quarter from the smallest until they fit. */
    static int capacityFor(int entries) {
        int capacity = MIN_CAPACITY;
        while (entries * 100L > capacity * (long) MAX_LOAD_PERCENT) {
            capacity += capacity / 4;
        }
        return capacity;
    }

    private static int secondsOf(Instant at) {
        long s = at.getEpochSecond() - BASE_SECOND;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }

    private static ByteBuffer digest(String id) {
        return ByteBuffer.wrap(SHA256.get().digest(id.getBytes(StandardCharsets.UTF_8)));
    }
}
