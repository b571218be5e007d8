package io.cmkworker.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The batches being processed, at most one per partition (the partition is paused meanwhile). */
final class InFlight {

    private final Map<TopicPartition, PartitionBatch> batches = new LinkedHashMap<>();

    void add(PartitionBatch batch) {
        PartitionBatch previous = batches.put(batch.partition(), batch);
        if (previous != null) {
            throw new IllegalStateException("two batches in flight for " + batch.partition());
        }
    }

    /** Removes and returns the batches whose records are all done. */
    List<PartitionBatch> takeDone() {
        List<PartitionBatch> done = new ArrayList<>();
        for (Iterator<PartitionBatch> it = batches.values().iterator(); it.hasNext(); ) {
            PartitionBatch batch = it.next();
            if (batch.isDone()) {
                done.add(batch);
                it.remove();
            }
        }
        return done;
    }

    /** Removes and returns the batches of these partitions, done or not. */
    List<PartitionBatch> remove(Collection<TopicPartition> partitions) {
        List<PartitionBatch> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            PartitionBatch batch = batches.remove(tp);
            if (batch != null) {
                out.add(batch);
            }
        }
        return out;
    }

    List<PartitionBatch> removeAll() {
        List<PartitionBatch> out = new ArrayList<>(batches.values());
        batches.clear();
        return out;
    }

    int records() {
        return batches.values().stream().mapToInt(PartitionBatch::size).sum();
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }
}
