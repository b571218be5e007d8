package io.cmkworker.kafka.ledger;

import io.cmkworker.events.LedgerState;
import io.cmkworker.kafka.ledger.RequestLedger.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * One slot's ledger entries, packed: a request is known by a 128-bit digest of its organisation and
 * request ID (SHA-256, first 16 bytes; two distinct requests collide with a chance of about n²/2¹²⁹), in an
 * open-addressing table of primitive arrays. An entry in flight costs about 40 bytes, against some 200 in a
 * map of strings and objects, so a worker holding 100,000 onboardings in flight stays small; an outcome
 * adds its encoded bytes. Not thread-safe: each table is used by one thread at a time.
 */
public final class LedgerTable {

    private static final byte EMPTY = 0;
    private static final byte IN_FLIGHT = 1;
    private static final byte DONE = 2;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    });

    private long[] hi;
    private long[] lo;
    private long[] updatedAt;
    private byte[] state;
    private byte[][] outcome;
    private int size;
    private int inFlight;

    public LedgerTable() {
        allocate(16);
    }

    public int size() {
        return size;
    }

    public int inFlight() {
        return inFlight;
    }

    /** What the table holds for this request ID ({@link RequestLedger#idOf}), or null. */
    public Entry get(String id) {
        long[] key = digest(id);
        int i = find(key[0], key[1]);
        if (state[i] == EMPTY) {
            return null;
        }
        return new Entry(state[i] == DONE ? LedgerState.DONE : LedgerState.IN_FLIGHT, outcome[i],
                Instant.ofEpochMilli(updatedAt[i]));
    }

    /** Records an entry, replacing what was there. */
    public void put(String id, Entry entry) {
        long[] key = digest(id);
        int i = find(key[0], key[1]);
        if (state[i] == EMPTY) {
            if ((size + 1) * 4L > hi.length * 3L) {
                grow();
                i = find(key[0], key[1]);
            }
            size++;
        } else if (state[i] == IN_FLIGHT) {
            inFlight--;
        }
        hi[i] = key[0];
        lo[i] = key[1];
        state[i] = entry.state() == LedgerState.DONE ? DONE : IN_FLIGHT;
        if (state[i] == IN_FLIGHT) {
            inFlight++;
        }
        outcome[i] = entry.outcome();
        updatedAt[i] = entry.updatedAt().toEpochMilli();
    }

    /** Forgets every entry recorded before {@code cutoff}; returns how many of them were in flight. */
    int removeOlderThan(Instant cutoff) {
        long limit = cutoff.toEpochMilli();
        long[] oldHi = hi;
        long[] oldLo = lo;
        long[] oldAt = updatedAt;
        byte[] oldState = state;
        byte[][] oldOutcome = outcome;
        int before = inFlight;
        int keep = 0;
        for (int i = 0; i < oldState.length; i++) {
            if (oldState[i] != EMPTY && oldAt[i] >= limit) {
                keep++;
            }
        }
        allocate(capacityFor(keep));
        size = 0;
        inFlight = 0;
        for (int i = 0; i < oldState.length; i++) {
            if (oldState[i] != EMPTY && oldAt[i] >= limit) {
                insert(oldHi[i], oldLo[i], oldState[i], oldOutcome[i], oldAt[i]);
            }
        }
        return before - inFlight;
    }

    private void grow() {
        long[] oldHi = hi;
        long[] oldLo = lo;
        long[] oldAt = updatedAt;
        byte[] oldState = state;
        byte[][] oldOutcome = outcome;
        allocate(hi.length * 2);
        size = 0;
        inFlight = 0;
        for (int i = 0; i < oldState.length; i++) {
            if (oldState[i] != EMPTY) {
                insert(oldHi[i], oldLo[i], oldState[i], oldOutcome[i], oldAt[i]);
            }
        }
    }

    private void insert(long h, long l, byte s, byte[] o, long at) {
        int i = find(h, l);
        hi[i] = h;
        lo[i] = l;
        state[i] = s;
        outcome[i] = o;
        updatedAt[i] = at;
        size++;
        if (s == IN_FLIGHT) {
            inFlight++;
        }
    }

    /** The slot of this key: where it is, or the empty one where it would go (linear probing). */
    private int find(long h, long l) {
        int mask = hi.length - 1;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (state[i] != EMPTY && (hi[i] != h || lo[i] != l)) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void allocate(int capacity) {
        hi = new long[capacity];
        lo = new long[capacity];
        updatedAt = new long[capacity];
        state = new byte[capacity];
        outcome = new byte[capacity][];
    }

    private static int capacityFor(int entries) {
        int capacity = 16;
        while (entries * 4L > capacity * 3L) {
            capacity *= 2;
        }
        return capacity;
    }

    private static long[] digest(String id) {
        byte[] d = SHA256.get().digest(id.getBytes(StandardCharsets.UTF_8));
        ByteBuffer b = ByteBuffer.wrap(d);
        return new long[] {b.getLong(), b.getLong()};
    }
}
