package io.cmkworker.kafka;

import io.cmkworker.metrics.WorkerMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits finished batches exactly once: one Kafka transaction carries every output of the batches
 * and their partitions' next offsets ({@code sendOffsetsToTransaction} with the consumer's group
 * metadata). An abortable error aborts it (the caller seeks back and the records are processed
 * again); fencing and authorisation errors make the producer unusable, and the instance stops.
 */
final class BatchCommitter {

    private static final Logger log = LoggerFactory.getLogger(BatchCommitter.class);
    private static final int COMMIT_TRIES = 3;

    private final Producer<byte[], byte[]> producer;
    private final Supplier<ConsumerGroupMetadata> groupMetadata;
    private final RequestLedger ledger;
    private final WorkerMetrics metrics;
    private volatile boolean usable = true;

    BatchCommitter(Producer<byte[], byte[]> producer, Supplier<ConsumerGroupMetadata> groupMetadata,
                   RequestLedger ledger, WorkerMetrics metrics) {
        this.producer = producer;
        this.groupMetadata = groupMetadata;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** False once the producer is fenced, unauthorised or stuck: nothing more may be committed with it. */
    boolean usable() {
        return usable;
    }

    /**
     * Commits the batches in one transaction; false if it was aborted. Either way the batches' ledger
     * marks are cleared; on commit the ledger view takes the committed ledger records.
     *
     * @throws FatalKafkaException when the producer can no longer be used
     */
    boolean commit(List<PartitionBatch> batches) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        try {
            producer.beginTransaction();
            for (PartitionBatch batch : batches) {
                for (ProducerRecord<byte[], byte[]> record : batch.outputs()) {
                    producer.send(record);
                    sent.add(record);
                }
                offsets.put(batch.partition(), new OffsetAndMetadata(batch.nextOffset()));
            }
            producer.sendOffsetsToTransaction(offsets, groupMetadata.get());
            commitWithRetries();
            metrics.committed();
            ledger.applyCommitted(sent);
            clearMarks(batches);
            return true;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            usable = false;
            throw new FatalKafkaException("the transactional producer can no longer be used (" + e
                    + "); stopping this instance", e);
        } catch (KafkaException e) {
            log.warn("transaction aborted ({}); its records will be processed again", e.toString());
            metrics.aborted();
            clearMarks(batches);
            try {
                producer.abortTransaction();
            } catch (KafkaException abortFailed) {
                usable = false;
                throw new FatalKafkaException("cannot abort the transaction: " + abortFailed, abortFailed);
            }
            return false;
        }
    }

    /** Forgets the batches' ledger marks without committing (their records will be processed again). */
    void clearMarks(List<PartitionBatch> batches) {
        for (PartitionBatch batch : batches) {
            ledger.clearMarks(batch.partition().partition(), batch.ledgerMarks());
        }
    }

    /** A commit that times out must be retried, not aborted: the producer refuses an abort then. */
    private void commitWithRetries() {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt == COMMIT_TRIES) {
                    usable = false;
                    throw new FatalKafkaException("committing the transaction timed out " + attempt + " times", e);
                }
                log.warn("committing the transaction timed out; trying again");
            }
        }
    }
}
