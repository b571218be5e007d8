package io.cmkworker.kafka.commit;

import io.cmkworker.kafka.commit.FatalKafkaException;
import io.cmkworker.metrics.WorkerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits finished records exactly once: one Kafka transaction carries their outputs and, for each of
 * their partitions, the offset of its first unfinished record with the records done past it in the
 * metadata ({@link OffsetWindow}), sent with the consumer's group metadata so a member that lost its
 * partitions cannot commit (KIP-447).
 *
 * <p>An abortable error aborts the transaction; the finished records keep their outputs and go in the
 * next one. A fenced producer (the transaction coordinator moved on: this instance was paused past its
 * transaction timeout, or a new owner fenced what it left open) is replaced by a new one with the same
 * transactional ID, up to {@value #MAX_REBUILDS} times in {@link #REBUILD_WINDOW}; more means another
 * live instance uses this ID, and the instance stops. Authorisation and sequence errors are fatal at once.
 *
 * <p>An offset commit the group refuses because the consumer's generation is no longer current (the group
 * is rebalancing) aborts too, but is not a fault: nothing is tried again until the consumer has rejoined
 * under a new generation, and such aborts do not count towards {@value #MAX_ABORTS_IN_A_ROW}.
 */
public final class TransactionCommitter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TransactionCommitter.class);
    private static final int COMMIT_TRIES = 3;
    static final int MAX_REBUILDS = 3;
    static final Duration REBUILD_WINDOW = Duration.ofMinutes(5);
    /** Aborts in a row after which something is wrong that trying again will not mend. */
    static final int MAX_ABORTS_IN_A_ROW = 20;
    /** No generation refused. */
    private static final int NONE = Integer.MIN_VALUE;

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Supplier<ConsumerGroupMetadata> groupMetadata;
    private final Consumer<List<ProducerRecord<byte[], byte[]>>> onCommitted;
    private final WorkerMetrics metrics;
    private final Clock clock;
    private final int doneSetVersion;
    private final Deque<Long> rebuilds = new ArrayDeque<>();
    private Producer<byte[], byte[]> producer;
    private int abortsInARow;
    /** The generation the group last refused offsets of, or {@link #NONE}: no commit until it changes. */
    private int refusedGeneration = NONE;
    private volatile boolean usable = true;

    /**
     * @param producers makes a transactional producer (always with this instance's transactional ID)
     * @param onCommitted told every record a transaction committed (the ledger view follows them)
     */
    public TransactionCommitter(Supplier<Producer<byte[], byte[]>> producers,
                                Supplier<ConsumerGroupMetadata> groupMetadata,
                                Consumer<List<ProducerRecord<byte[], byte[]>>> onCommitted, WorkerMetrics metrics,
                                Clock clock) {
        this(producers, groupMetadata, onCommitted, metrics, clock, DoneOffsets.NEWEST);
    }

    /**
     * @param doneSetVersion the newest done-set encoding the commits may use ({@link DoneOffsets}); 1 while workers
     *     that read only the bitmap share the group
     */
    public TransactionCommitter(Supplier<Producer<byte[], byte[]>> producers,
                                Supplier<ConsumerGroupMetadata> groupMetadata,
                                Consumer<List<ProducerRecord<byte[], byte[]>>> onCommitted, WorkerMetrics metrics,
                                Clock clock, int doneSetVersion) {
        this.producers = producers;
        this.groupMetadata = groupMetadata;
        this.onCommitted = onCommitted;
        this.metrics = metrics;
        this.clock = clock;
        this.doneSetVersion = doneSetVersion;
    }

    /** Makes the producer and registers its transactional ID, aborting whatever a predecessor left open. */
    public void start() {
        producer = producers.get();
        producer.initTransactions();
    }

    /** False once nothing more may be committed (fatal error, or closed). */
    public boolean usable() {
        return usable;
    }

    /**
     * Commits every finished record of these windows and their offsets in one transaction.
     *
     * @return true if committed (or nothing to commit); false if aborted, the records stay for the next try
     * @throws FatalKafkaException when this instance can no longer commit
     */
    public boolean commit(Collection<OffsetWindow> windows) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        List<OffsetWindow> changed = new ArrayList<>();
        for (OffsetWindow window : windows) {
            if (window.hasChanges()) {
                changed.add(window);
                offsets.put(window.partition(), window.toCommit(doneSetVersion));
                window.finishedRecords().forEach(f -> outputs.addAll(f.outputs()));
            }
        }
        if (offsets.isEmpty()) {
            return true;
        }
        ConsumerGroupMetadata group = groupMetadata.get();
        if (group.generationId() == refusedGeneration) {
            return false;
        }
        refusedGeneration = NONE;
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : outputs) {
                producer.send(record);
            }
            producer.sendOffsetsToTransaction(offsets, group);
            commitWithRetries();
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            metrics.aborted();
            rebuild(e);
            return false;
        } catch (OutOfOrderSequenceException | AuthorizationException | UnsupportedVersionException e) {
            usable = false;
            throw new FatalKafkaException("the transactional producer can no longer be used (" + e
                    + "); stopping this instance", e);
        } catch (KafkaException e) {
            if (refusedForGeneration(e)) {
                refusedGeneration = group.generationId();
                log.info("the group refused offsets of generation {} ({}); committing again once the consumer has"
                        + " rejoined", refusedGeneration, e.toString());
                abortTransaction();
                return false;
            }
            abort(e);
            return false;
        }
        abortsInARow = 0;
        metrics.committed();
        offsets.values().forEach(om -> metrics.commitMetadata(om.metadata().length()));
        if (log.isDebugEnabled()) {
            offsets.forEach((tp, om) -> log.debug("committed {} at {}, done beyond {}", tp, om.offset(),
                    DoneOffsets.decode(om.offset(), om.metadata())));
        }
        for (OffsetWindow window : changed) {
            window.committed(offsets.get(window.partition()).offset());
        }
        onCommitted.accept(outputs);
        return true;
    }

    /** True if the offsets were refused because the group moved on to a new generation (a rebalance). */
    static boolean refusedForGeneration(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitFailedException || t instanceof IllegalGenerationException
                    || t instanceof RebalanceInProgressException || t instanceof UnknownMemberIdException) {
                return true;
            }
        }
        return false;
    }

    private void abort(KafkaException cause) {
        log.warn("transaction aborted ({}); its records will be committed in the next one", cause.toString());
        if (!abortTransaction()) {
            return;
        }
        if (++abortsInARow >= MAX_ABORTS_IN_A_ROW) {
            usable = false;
            throw new FatalKafkaException(abortsInARow + " transactions aborted in a row; last: " + cause, cause);
        }
    }

    /** @return false if the producer was fenced meanwhile and has been replaced */
    private boolean abortTransaction() {
        metrics.aborted();
        try {
            producer.abortTransaction();
            return true;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            rebuild(e);
            return false;
        } catch (KafkaException e) {
            usable = false;
            throw new FatalKafkaException("cannot abort the transaction: " + e, e);
        }
    }

    /** The coordinator fenced this producer: a new one (same ID, new epoch) carries on, unless it keeps happening. */
    private void rebuild(KafkaException cause) {
        long now = clock.millis();
        while (!rebuilds.isEmpty() && rebuilds.peekFirst() < now - REBUILD_WINDOW.toMillis()) {
            rebuilds.removeFirst();
        }
        if (rebuilds.size() >= MAX_REBUILDS) {
            usable = false;
            throw new FatalKafkaException("the transactional producer was fenced " + (rebuilds.size() + 1)
                    + " times within " + REBUILD_WINDOW + ": another instance is probably running with the same"
                    + " worker.instance.id; stopping this one", cause);
        }
        rebuilds.addLast(now);
        log.warn("the transactional producer was fenced ({}): this instance was paused too long or a new owner took"
                + " over what it left open; starting a new producer", cause.toString());
        closeQuietly(Duration.ZERO);
        start();
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

    private void closeQuietly(Duration timeout) {
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            log.debug("closing the producer failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        usable = false;
        if (producer != null) {
            closeQuietly(Duration.ofSeconds(10));
        }
    }
}
