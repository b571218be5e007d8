package io.cmkworker.kafka;

import io.cmkworker.events.Codecs;
import io.cmkworker.events.LedgerEntry;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which request IDs this instance's partitions have taken, and their outcomes: an in-memory view of
 * the compacted ledger topic, restored from it when a partition is assigned and kept in step with what
 * each transaction commits. Partition {@code p} of the ledger holds the requests of the organisations
 * whose records live in partition {@code p} of every worker topic, so one instance owns both. Used only
 * by the poll thread.
 */
final class RequestLedger {

    private static final Logger log = LoggerFactory.getLogger(RequestLedger.class);

    /** What is known of a request: in flight, or done with this outcome; and when that was recorded. */
    record Entry(LedgerState state, byte[] outcome, Instant updatedAt) {
    }

    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);

    private final String topic;
    private final int partitions;
    private final Duration retention;
    private final java.time.Clock clock;
    private final Consumer<byte[], byte[]> restorer;
    private final Map<Integer, Map<String, Entry>> byPartition = new HashMap<>();
    private final Map<Integer, Set<String>> tentative = new HashMap<>();

    /**
     * @param partitions the partition count shared by every worker topic
     * @param retention how long a request is remembered (the ledger topic's retention)
     * @param restorer a consumer (read_committed, no group) used only to read ledger partitions back
     */
    RequestLedger(String topic, int partitions, Duration retention, java.time.Clock clock,
                  Consumer<byte[], byte[]> restorer) {
        this.topic = topic;
        this.partitions = partitions;
        this.retention = retention;
        this.clock = clock;
        this.restorer = restorer;
    }

    /** Forgets entries older than the retention, as the topic does; cheap enough to call every few minutes. */
    void expire(Instant now) {
        Instant cutoff = now.minus(retention);
        byPartition.values().forEach(entries -> entries.values().removeIf(e -> e.updatedAt().isBefore(cutoff)));
    }

    String topic() {
        return topic;
    }

    /** The partition of every worker topic that holds the records of {@code orgId} (Kafka's key hash). */
    int partitionOf(String orgId) {
        return Utils.toPositive(Utils.murmur2(orgId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * A request is known by its organisation and request ID together: two organisations may both use
     * request ID "1", and must not be answered with each other's outcomes.
     */
    static String idOf(String orgId, String requestId) {
        return orgId + "/" + requestId;
    }

    /** What is known of this request in partition {@code p}, counting marks not yet committed. */
    Optional<Entry> find(int p, String orgId, String requestId) {
        String id = idOf(orgId, requestId);
        Entry entry = byPartition.getOrDefault(p, Map.of()).get(id);
        if (entry == null && tentative.getOrDefault(p, Set.of()).contains(id)) {
            return Optional.of(new Entry(LedgerState.IN_FLIGHT, null, Instant.MAX));
        }
        return Optional.ofNullable(entry);
    }

    /** Marks the request taken until the batch that took it commits or aborts; returns the mark to clear. */
    String markTaken(int p, String orgId, String requestId) {
        String id = idOf(orgId, requestId);
        tentative.computeIfAbsent(p, k -> new HashSet<>()).add(id);
        return id;
    }

    /** Forgets the marks of a batch (it committed: its ledger records now say the same; or it aborted). */
    void clearMarks(int p, Collection<String> requestIds) {
        Set<String> marks = tentative.get(p);
        if (marks != null) {
            marks.removeAll(requestIds);
        }
    }

    /** Applies committed ledger records, so the view says what the topic says. */
    void applyCommitted(List<ProducerRecord<byte[], byte[]>> records) {
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (record.topic().equals(topic) && record.partition() != null) {
                apply(record.partition(), record.value());
            }
        }
    }

    ProducerRecord<byte[], byte[]> inFlight(String requestId, String orgId, Instant now) {
        return record(new LedgerEntry(requestId, orgId, LedgerState.IN_FLIGHT, null, now));
    }

    ProducerRecord<byte[], byte[]> done(OnboardingOutcome outcome, Instant now) {
        return record(new LedgerEntry(outcome.getRequestId(), outcome.getOrgId(), LedgerState.DONE,
                java.nio.ByteBuffer.wrap(Codecs.OUTCOME.encode(outcome)), now));
    }

    private ProducerRecord<byte[], byte[]> record(LedgerEntry entry) {
        return new ProducerRecord<>(topic, partitionOf(entry.getOrgId()),
                idOf(entry.getOrgId(), entry.getRequestId()).getBytes(StandardCharsets.UTF_8),
                Codecs.LEDGER.encode(entry));
    }

    /** Reads these ledger partitions back from the topic (after an assignment). */
    void restore(Collection<Integer> assigned) {
        List<TopicPartition> missing = assigned.stream().filter(p -> !byPartition.containsKey(p))
                .map(p -> new TopicPartition(topic, p)).toList();
        if (missing.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        restorer.assign(missing);
        restorer.seekToBeginning(missing);
        Map<TopicPartition, Long> end = restorer.endOffsets(missing);
        int read = 0;
        for (TopicPartition tp : missing) {
            byPartition.put(tp.partition(), new HashMap<>());
        }
        long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
        while (missing.stream().anyMatch(tp -> restorer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the ledger " + missing + " back within "
                        + RESTORE_TIMEOUT + "; is the broker reachable?");
            }
            for (ConsumerRecord<byte[], byte[]> record : restorer.poll(Duration.ofMillis(200))) {
                apply(record.partition(), record.value());
                read++;
            }
        }
        restorer.assign(List.of());
        log.info("restored the ledger of {} partitions ({} records) in {} ms", missing.size(), read,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Drops every partition not in {@code owned}. */
    void retainOnly(Collection<Integer> owned) {
        forget(byPartition.keySet().stream().filter(p -> !owned.contains(p)).toList());
    }

    /** Drops partitions this instance no longer owns. */
    void forget(Collection<Integer> revoked) {
        for (int p : revoked) {
            byPartition.remove(p);
            tentative.remove(p);
        }
    }

    int size() {
        return byPartition.values().stream().mapToInt(Map::size).sum();
    }

    private void apply(int p, byte[] value) {
        if (value == null) {
            return;
        }
        try {
            LedgerEntry entry = Codecs.LEDGER.decode(value);
            if (entry.getUpdatedAt().isBefore(clock.instant().minus(retention))) {
                return; // past the retention: the topic is about to forget it too
            }
            Map<String, Entry> entries = byPartition.computeIfAbsent(p, k -> new HashMap<>());
            String id = idOf(entry.getOrgId(), entry.getRequestId());
            Entry known = entries.get(id);
            if (known != null && known.state() == LedgerState.DONE && entry.getState() == LedgerState.IN_FLIGHT) {
                return; // never forget an outcome
            }
            byte[] outcome = entry.getOutcome() == null ? null : toBytes(entry.getOutcome());
            entries.put(id, new Entry(entry.getState(), outcome, entry.getUpdatedAt()));
        } catch (UndecodableRecordException e) {
            log.warn("skipping an unreadable ledger record in partition {}: {}", p, e.getMessage());
        }
    }

    private static byte[] toBytes(java.nio.ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
