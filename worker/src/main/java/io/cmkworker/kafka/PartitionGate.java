package io.cmkworker.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which partitions must stay paused, and until when. A partition is paused while its batch is in
 * flight ({@link #busy}) and while its head is not yet due ({@link #hold}); it is resumed when neither
 * holds. Kept only for assigned partitions and rebuilt from the partitions' heads after every
 * assignment, so a rebalance can never leave a pause behind or lose one.
 */
final class PartitionGate {

    private final Map<TopicPartition, Long> holdUntil = new HashMap<>();
    private final Set<TopicPartition> busy = new HashSet<>();

    void hold(TopicPartition tp, long untilMillis) {
        holdUntil.put(tp, untilMillis);
    }

    void busy(TopicPartition tp) {
        busy.add(tp);
    }

    boolean isBusy(TopicPartition tp) {
        return busy.contains(tp);
    }

    /** The batch of {@code tp} is done; true if the partition may resume now (it has no hold). */
    boolean idle(TopicPartition tp) {
        busy.remove(tp);
        return !holdUntil.containsKey(tp);
    }

    /** Partitions whose hold has passed and that have no batch in flight; their holds are cleared. */
    List<TopicPartition> releasable(long nowMillis) {
        List<TopicPartition> out = new ArrayList<>();
        holdUntil.entrySet().removeIf(e -> {
            if (e.getValue() <= nowMillis) {
                if (!busy.contains(e.getKey())) {
                    out.add(e.getKey());
                }
                return true;
            }
            return false;
        });
        return out;
    }

    /** Millis until the earliest hold ends, or {@code max} if that is later or there is none. */
    long millisUntilNextRelease(long nowMillis, long max) {
        long next = max;
        for (long until : holdUntil.values()) {
            next = Math.min(next, Math.max(0, until - nowMillis));
        }
        return next;
    }

    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            holdUntil.remove(tp);
            busy.remove(tp);
        }
    }

    int held() {
        return holdUntil.size();
    }
}
