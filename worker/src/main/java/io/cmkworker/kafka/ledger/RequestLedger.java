package io.cmkworker.kafka.ledger;

import io.cmkworker.events.AvroCodec;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.LedgerEntry;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.kafka.group.Slots;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the compacted ledger topic says about the requests of this instance's slots: each request ID
 * taken, and the outcome of those that are done. It holds <em>committed facts only</em>: a slot's view is
 * read back from the topic when the slot is assigned ({@link LedgerRestorer}), then follows exactly what
 * this instance's transactions commit, and is dropped when the slot goes. Partition {@code n} of the ledger
 * holds the requests of the organisations of slot {@code n}. Used only by the poll thread.
 */
public final class RequestLedger {

    private static final Logger log = LoggerFactory.getLogger(RequestLedger.class);

    /**
     * What is known of a request: in flight, or done with this outcome; when that was recorded; and the offset its
     * request was taken at in the requests topic's partition of its slot ({@link #UNKNOWN_OFFSET} when a worker of
     * format level 1 recorded it).
     */
    public record Entry(LedgerState state, byte[] outcome, Instant updatedAt, long requestOffset) {

        /** True if the request was taken from exactly this record of its slot's requests partition. */
        public boolean takenAt(long offset) {
            return requestOffset != UNKNOWN_OFFSET && requestOffset == offset;
        }
    }

    /** The request offset of an entry that does not record one. */
    public static final long UNKNOWN_OFFSET = -1;

    private final String topic;
    private final int partitions;
    private final Duration retention;
    private final Clock clock;
    private final Codecs codecs;
    private final Map<Integer, LedgerTable> bySlot = new HashMap<>();
    private int inFlight;

    /**
     * @param partitions the partition count shared by every worker topic
     * @param retention how long a request is remembered (the ledger topic's retention)
     */
    public RequestLedger(String topic, int partitions, Duration retention, Clock clock, Codecs codecs) {
        this.codecs = codecs;
        this.topic = topic;
        this.partitions = partitions;
        this.retention = retention;
        this.clock = clock;
    }

    public String topic() {
        return topic;
    }

    /** The slot of every worker topic that holds the records of {@code orgId}. */
    public int slotOf(String orgId) {
        return Slots.of(orgId, partitions);
    }

    /**
     * A request is known by its organisation and request ID together: two organisations may both use
     * request ID "1", and must not be answered with each other's outcomes.
     */
    public static String idOf(String orgId, String requestId) {
        return orgId + "/" + requestId;
    }

    /** True once the slot's view was read back and installed. */
    public boolean has(int slot) {
        return bySlot.containsKey(slot);
    }

    /** What the committed ledger says of this request. */
    public Optional<Entry> find(int slot, String orgId, String requestId) {
        return find(slot, idOf(orgId, requestId));
    }

    /** What the committed ledger says of the request of this key ({@link #idOf}). */
    public Optional<Entry> find(int slot, String key) {
        LedgerTable table = bySlot.get(slot);
        return table == null ? Optional.empty() : Optional.ofNullable(table.get(key));
    }

    /** True if the committed ledger holds this request (of key {@link #idOf}) as answered. */
    public boolean isDone(int slot, String key) {
        return find(slot, key).map(e -> e.state() == LedgerState.DONE).orElse(false);
    }

    /** Installs a slot's view, read back from the topic. */
    public void install(int slot, LedgerTable table) {
        drop(slot);
        bySlot.put(slot, table);
        inFlight += table.inFlight();
    }

    /** Forgets a slot this instance no longer owns (another owner may write to it from now on). */
    public void drop(int slot) {
        LedgerTable gone = bySlot.remove(slot);
        if (gone != null) {
            inFlight -= gone.inFlight();
        }
    }

    /** Forgets entries older than the retention, as the topic does; cheap enough to call every few minutes. */
    public void expire(Instant now) {
        Instant cutoff = now.minus(retention);
        for (LedgerTable table : bySlot.values()) {
            inFlight -= table.removeOlderThan(cutoff);
        }
    }

    /** Applies the ledger records a transaction committed, so the view says what the topic says. */
    public void applyCommitted(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (record.topic().equals(topic) && record.partition() != null) {
                LedgerTable table = bySlot.get(record.partition());
                if (table != null) {
                    inFlight += apply(codecs.ledger(), table, record.value(), clock.instant().minus(retention));
                }
            }
        }
    }

    /**
     * The ledger record of a request just taken.
     *
     * @param requestOffset the offset of the request's record in its slot's requests partition, or null if unknown
     */
    public ProducerRecord<byte[], byte[]> inFlight(String requestId, String orgId, Instant now, Long requestOffset) {
        return record(new LedgerEntry(requestId, orgId, LedgerState.IN_FLIGHT, null, now, requestOffset));
    }

    /**
     * The ledger record of a request answered with {@code outcome}.
     *
     * @param requestOffset the offset of the request's record in its slot's requests partition, or null if unknown
     */
    public ProducerRecord<byte[], byte[]> done(OnboardingOutcome outcome, Instant now, Long requestOffset) {
        return record(new LedgerEntry(outcome.getRequestId(), outcome.getOrgId(), LedgerState.DONE,
                ByteBuffer.wrap(codecs.outcome().encode(outcome)), now, requestOffset));
    }

    private ProducerRecord<byte[], byte[]> record(LedgerEntry entry) {
        return new ProducerRecord<>(topic, slotOf(entry.getOrgId()),
                idOf(entry.getOrgId(), entry.getRequestId()).getBytes(StandardCharsets.UTF_8),
                codecs.ledger().encode(entry));
    }

    public int size() {
        return bySlot.values().stream().mapToInt(LedgerTable::size).sum();
    }

    /** Number of requests taken and not yet done in the owned slots (kept as entries change). */
    public int inFlightCount() {
        return inFlight;
    }

    /**
     * Applies one ledger record's value to a slot's entries: an outcome is never replaced by an older
     * "in flight", and entries past {@code cutoff} (about to be forgotten by the topic too) are skipped.
     *
     * @return how the number of entries in flight changed (-1, 0 or 1)
     */
    static int apply(AvroCodec<LedgerEntry> codec, LedgerTable table, byte[] value, Instant cutoff) {
        if (value == null) {
            return 0;
        }
        try {
            LedgerEntry entry = codec.decode(value);
            if (entry.getUpdatedAt().isBefore(cutoff)) {
                return 0;
            }
            String id = idOf(entry.getOrgId(), entry.getRequestId());
            Entry known = table.get(id);
            if (known != null && known.state() == LedgerState.DONE && entry.getState() == LedgerState.IN_FLIGHT) {
                return 0;
            }
            byte[] outcome = entry.getOutcome() == null ? null : toBytes(entry.getOutcome());
            int before = table.inFlight();
            long offset = entry.getRequestOffset() == null ? UNKNOWN_OFFSET : entry.getRequestOffset();
            if (offset == UNKNOWN_OFFSET && known != null) {
                offset = known.requestOffset(); // a level-1 writer's outcome of a request taken by this version
            }
            table.put(id, new Entry(entry.getState(), outcome, entry.getUpdatedAt(), offset));
            return table.inFlight() - before;
        } catch (UndecodableRecordException e) {
            log.warn("skipping an unreadable ledger record: {}", e.getMessage());
            return 0;
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
