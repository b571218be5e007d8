package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.DoneOffsets;
import io.cmkworker.kafka.group.SlotOwnership;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the loop does when slots come and go. With the cooperative protocol these callbacks see only the
 * partitions that move; everything else keeps running.
 *
 * <ul>
 *   <li><b>Revoked</b> (handed to another member): the slots' holds end, so none of their calls leaves from
 *       now on; calls on the wire are awaited (bounded), what finished is committed, and the rest is left
 *       for the next owner, which reads it again from the committed offsets.
 *   <li><b>Lost</b> (this member was thrown out: a long pause, a lost session): the holds end and everything
 *       is dropped without a commit (a commit would be refused; the new owner has it all).
 *   <li><b>Assigned</b>: a window per partition from its committed offset and metadata; each slot complete
 *       with all its partitions gets a new hold, and stays paused while its ledger is read back.
 * </ul>
 */
final class Rebalance implements ConsumerRebalanceListener {

    /** The loop's side of a rebalance: all a rebalance may do to the loop's state. Poll thread only. */
    interface Handover {

        /** Ends the holds of the slots these partitions belong to: none of their calls leaves from now on. */
        List<SlotOwnership> endHolds(Collection<TopicPartition> partitions);

        /** Waits (bounded) for the calls of these partitions on the wire, and commits what finished. */
        void drain(Collection<TopicPartition> partitions);

        /** Drops queued calls whose lease ended, so they give their places back at once. */
        void dropQueuedCalls();

        /** Forgets everything about partitions that are gone. */
        void forget(Collection<TopicPartition> partitions);

        /**
         * Partitions were assigned with these committed offsets: a window for each, and a new hold for each slot
         * now complete, whose ledger starts being read back.
         *
         * @return the new holds
         */
        List<SlotOwnership> assign(Collection<TopicPartition> partitions, Map<TopicPartition, OffsetAndMetadata> committed);
    }

    private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

    private final Handover loop;
    private final Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> committedOffsets;

    /**
     * @param committedOffsets the group's committed offsets of these partitions (the consumer's {@code committed})
     */
    Rebalance(Handover loop, Function<Set<TopicPartition>, Map<TopicPartition, OffsetAndMetadata>> committedOffsets) {
        this.loop = loop;
        this.committedOffsets = committedOffsets;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<SlotOwnership> gone = loop.endHolds(partitions);
        log.info("handing over slots {} ({} partitions)", slots(gone), partitions.size());
        loop.drain(partitions);
        loop.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<SlotOwnership> gone = loop.endHolds(partitions);
        log.warn("lost slots {}: this instance was out of its group (paused or cut off too long); another owner"
                + " processes their records", slots(gone));
        loop.dropQueuedCalls();
        loop.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets.apply(new HashSet<>(partitions));
        if (log.isDebugEnabled()) {
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                log.debug("{} committed at {}{}", tp, c == null ? "none" : c.offset(),
                        c == null ? "" : ", done beyond " + DoneOffsets.decode(c.offset(), c.metadata()));
            }
        }
        List<SlotOwnership> fresh = loop.assign(partitions, committed);
        log.info("assigned {} partitions; taking slots {}", partitions.size(), slots(fresh));
    }

    private static List<Integer> slots(List<SlotOwnership> owners) {
        return owners.stream().map(SlotOwnership::slot).sorted().toList();
    }
}
