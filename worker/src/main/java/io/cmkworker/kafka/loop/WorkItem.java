package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.group.SlotOwnership;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** One record taken from its partition's window and handed to the pipeline, until its outputs are in. */
final class WorkItem {

    final ConsumerRecord<byte[], byte[]> record;
    final OffsetWindow window;
    final SlotOwnership owner;
    final String taken;
    /** The request whose step this record runs ({@link io.cmkworker.kafka.ledger.RequestLedger#idOf}), or null. */
    final String request;
    final CompletableFuture<RecordDispatcher.Result> outputs;
    final long startedNanos = System.nanoTime();

    WorkItem(ConsumerRecord<byte[], byte[]> record, OffsetWindow window, SlotOwnership owner,
             RecordDispatcher.Dispatched dispatched) {
        this.record = record;
        this.window = window;
        this.owner = owner;
        this.taken = dispatched.taken();
        this.request = dispatched.request();
        this.outputs = dispatched.result();
    }

    TopicPartition partition() {
        return window.partition();
    }

    long offset() {
        return record.offset();
    }

    /** Called once the request this record took is in the ledger (its transaction committed). */
    void release() {
        if (taken != null) {
            owner.release(taken);
        }
    }
}
