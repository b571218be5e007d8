package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.group.SlotOwnership;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** One record taken from its partition's window and handed to the pipeline, until its outputs are in. */
final class WorkItem {

    final ConsumerRecord<byte[], byte[]> record;
    final OffsetWindow window;
    final SlotOwnership owner;
    final String taken;
    final CompletableFuture<List<ProducerRecord<byte[], byte[]>>> outputs;
    final long startedNanos = System.nanoTime();

    WorkItem(ConsumerRecord<byte[], byte[]> record, OffsetWindow window, SlotOwnership owner, String taken,
             CompletableFuture<List<ProducerRecord<byte[], byte[]>>> outputs) {
        this.record = record;
        this.window = window;
        this.owner = owner;
        this.taken = taken;
        this.outputs = outputs;
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
