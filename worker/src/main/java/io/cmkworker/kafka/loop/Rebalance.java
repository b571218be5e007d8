package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.DoneOffsets;
import io.cmkworker.kafka.group.SlotOwnership;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

    private final WorkerLoop loop;

    Rebalance(WorkerLoop loop) {
        this.loop = loop;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<SlotOwnership> gone = loop.slots.revoke(partitions);
        log.info("handing over slots {} ({} partitions)", slots(gone), partitions.size());
        loop.drain(partitions);
        loop.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<SlotOwnership> gone = loop.slots.revoke(partitions);
        log.warn("lost slots {}: this instance was out of its group (paused or cut off too long); another owner"
                + " processes their records", slots(gone));
        loop.purgeAbandonedCalls();
        loop.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = loop.consumer.committed(new HashSet<>(partitions));
        if (log.isDebugEnabled()) {
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                log.debug("{} committed at {}{}", tp, c == null ? "none" : c.offset(),
                        c == null ? "" : ", done beyond " + DoneOffsets.decode(c.offset(), c.metadata()));
            }
        }
        List<SlotOwnership> fresh = loop.slots.assigned(partitions, committed);
        for (SlotOwnership owner : fresh) {
            loop.load(owner);
        }
        log.info("assigned {} partitions; taking slots {}", partitions.size(), slots(fresh));
    }

    private static List<Integer> slots(List<SlotOwnership> owners) {
        return owners.stream().map(SlotOwnership::slot).sorted().toList();
    }
}
