package io.cmkworker.kafka;

import io.cmkworker.pipeline.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one poll from one partition, processed together: their outputs and the partition's
 * next offset are committed in one transaction when all of them are done. While it is in flight the
 * partition is paused. It is also the {@link Lease} of its records: revoked when the partition leaves.
 */
final class PartitionBatch implements Lease {

    private final TopicPartition partition;
    private final long firstOffset;
    private final List<CompletableFuture<List<ProducerRecord<byte[], byte[]>>>> work = new ArrayList<>();
    private long nextOffset;
    private CompletableFuture<Void> all;
    private volatile boolean active = true;
    private final List<String> ledgerMarks = new ArrayList<>();

    PartitionBatch(TopicPartition partition, long firstOffset) {
        this.partition = partition;
        this.firstOffset = firstOffset;
        this.nextOffset = firstOffset;
    }

    void add(CompletableFuture<List<ProducerRecord<byte[], byte[]>>> outputs, long offset) {
        work.add(outputs);
        nextOffset = offset + 1;
    }

    /** No more records will be added; {@code nextOffset} is what to commit (it may be a held record's offset). */
    PartitionBatch seal(long nextOffset) {
        this.nextOffset = nextOffset;
        this.all = CompletableFuture.allOf(work.toArray(CompletableFuture[]::new));
        return this;
    }

    TopicPartition partition() {
        return partition;
    }

    long firstOffset() {
        return firstOffset;
    }

    long nextOffset() {
        return nextOffset;
    }

    boolean isEmpty() {
        return work.isEmpty() && nextOffset == firstOffset;
    }

    boolean isDone() {
        return all.isDone();
    }

    /** Completes when every record of the batch is done (successfully or not). */
    CompletableFuture<Void> completion() {
        return all.handle((v, e) -> null);
    }

    /** True if every record finished with outputs; false if one failed (then nothing may be committed). */
    boolean succeeded() {
        return all.isDone() && !all.isCompletedExceptionally();
    }

    List<ProducerRecord<byte[], byte[]>> outputs() {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (CompletableFuture<List<ProducerRecord<byte[], byte[]>>> w : work) {
            out.addAll(w.join());
        }
        return out;
    }

    /** A request ID this batch marked as taken in the ledger view, until it commits or aborts. */
    void marked(String requestId) {
        ledgerMarks.add(requestId);
    }

    List<String> ledgerMarks() {
        return ledgerMarks;
    }

    int size() {
        return work.size();
    }

    @Override
    public boolean active() {
        return active;
    }

    void revoke() {
        active = false;
    }
}
