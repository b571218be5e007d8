package io.cmkworker.kafka.loop;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Delay-topic partitions whose head is not due yet, and until when: the loop seeks back to the head and
 * keeps the partition paused until then. Only heads matter, because every record of a delay tier waits
 * the same time. Kept only for assigned partitions; a new assignment starts without holds, and the first
 * poll re-derives them from the heads, so a rebalance can neither lose a hold nor leave one behind.
 */
final class DelayHolds {

    private final Map<TopicPartition, Long> until = new HashMap<>();

    void hold(TopicPartition tp, long untilMillis) {
        until.put(tp, untilMillis);
    }

    boolean isHeld(TopicPartition tp, long nowMillis) {
        Long u = until.get(tp);
        return u != null && u > nowMillis;
    }

    /** Forgets holds that have passed. */
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
        partitions.forEach(until::remove);
    }

    int size() {
        return until.size();
    }
}
