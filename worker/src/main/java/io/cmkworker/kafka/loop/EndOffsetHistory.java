package io.cmkworker.kafka.loop;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag in seconds without reading the records that wait: for each partition, when this instance first saw its end
 * offset pass each value. The record at the consumer's position was in the partition no later than the first time the
 * end offset was seen beyond it, so {@code now} minus that time is how long it has waited, as far as this instance
 * can tell (the resolution is how often it looks, about a second; a backlog found at assignment counts from then).
 * Interpolating the end offset's history this way is how kafka-lag-exporter turns offsets into time.
 *
 * <p>At most {@value #MAX_ENTRIES} values are kept per partition; past that every second one is dropped, oldest kept,
 * so a long backlog costs a few kilobytes and its age loses resolution, not accuracy at its head. Poll thread only.
 */
final class EndOffsetHistory {

    static final int MAX_ENTRIES = 512;

    /** The end offset {@code end} was first seen at {@code atMillis}. */
    private record Seen(long end, long atMillis) {
    }

    private final Map<TopicPartition, ArrayDeque<Seen>> seen = new HashMap<>();

    /**
     * Notes the partition's end offset now, and says how long the record at {@code position} has waited.
     *
     * @return milliseconds since this instance first saw a record at {@code position} (0 if {@code end <= position})
     */
    long waitedMillis(TopicPartition tp, long position, long end, long nowMillis) {
        ArrayDeque<Seen> history = seen.computeIfAbsent(tp, k -> new ArrayDeque<>());
        if (!history.isEmpty() && history.peekLast().end() > end) {
            history.clear(); // the end went back (a truncated log): what was seen no longer says anything
        }
        if (history.isEmpty() || history.peekLast().end() < end) {
            history.addLast(new Seen(end, nowMillis));
        }
        while (!history.isEmpty() && history.peekFirst().end() <= position) {
            history.removeFirst();
        }
        if (history.size() > MAX_ENTRIES) {
            thin(history);
        }
        return history.isEmpty() ? 0 : Math.max(0, nowMillis - history.peekFirst().atMillis());
    }

    /** The partition has no lag: nothing it saw waits any more. */
    void caughtUp(TopicPartition tp) {
        seen.remove(tp);
    }

    /** Forgets the partitions not in {@code assigned}. */
    void retain(Collection<TopicPartition> assigned) {
        seen.keySet().retainAll(assigned);
    }

    private static void thin(ArrayDeque<Seen> history) {
        Iterator<Seen> it = history.iterator();
        it.next();
        boolean drop = true;
        while (it.hasNext()) {
            it.next();
            if (drop) {
                it.remove();
            }
            drop = !drop;
        }
    }
}
