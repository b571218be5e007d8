package io.cmkworker.kafka.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Delay-topic partitions whose head is not due yet, until when, and the head with what was fetched behind it:
 * the loop keeps the partition paused until then and takes the kept records first when it is due. They are kept
 * rather than given back with a seek, which had them fetched and parsed again (six times over); the consumer's
 * position is past them, and a paused partition fetches nothing more, so they are at most what a poll returned.
 * Only heads matter, because every record of a delay tier waits the same time. Kept only for assigned partitions;
 * a new assignment starts without holds, and the first poll re-derives them from the heads, so a rebalance can
 * neither lose a hold nor leave one behind.
 */
final class DelayHolds {

    private final Map<TopicPartition, Long> until = new HashMap<>();
    /** Per held partition, its head and what was fetched behind it, in offset order; until they are taken. */
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> kept = new HashMap<>();

    void hold(TopicPartition tp, long untilMillis, List<ConsumerRecord<byte[], byte[]>> headAndBehind) {
        until.put(tp, untilMillis);
        kept.put(tp, headAndBehind);
    }

    /**
     * Hands {@code take} what to take after a poll, per partition: the kept records first, since they come before
     * anything the consumer returns after them, then what the poll returned. A partition whose head is still held
     * and that returned nothing is left alone. {@code take} may hold a partition again.
     */
    void forEachTakeable(ConsumerRecords<byte[], byte[]> records, long nowMillis,
                         BiConsumer<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> take) {
        Set<TopicPartition> partitions = new LinkedHashSet<>(kept.keySet());
        partitions.addAll(records.partitions());
        for (TopicPartition tp : partitions) {
            List<ConsumerRecord<byte[], byte[]>> fresh = records.records(tp);
            List<ConsumerRecord<byte[], byte[]>> head = kept.get(tp);
            if (head == null) {
                take.accept(tp, fresh);
            } else if (!fresh.isEmpty() || !isHeld(tp, nowMillis)) {
                kept.remove(tp);
                List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(head.size() + fresh.size());
                all.addAll(head);
                all.addAll(fresh);
                take.accept(tp, all);
            }
        }
    }

    boolean isHeld(TopicPartition tp, long nowMillis) {
        Long u = until.get(tp);
        return u != null && u > nowMillis;
    }

    /** Forgets holds that have passed; their kept records wait for {@link #forEachTakeable}. */
    void release(long nowMillis) {
        until.values().removeIf(u -> u <= nowMillis);
    }

    /** Millis until the earliest hold ends, or {@code max} if that is later or there is none. */
    long millisUntilNextRelease(long nowMillis, long max) {
        long next = max;
        for (long u : until.values()) {
            next = Math.min(next, Math.max(0, u - nowMillis));
        }
        return next;
    }

    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            until.remove(tp);
            kept.remove(tp);
        }
    }

    int size() {
        return until.size();
    }
}
