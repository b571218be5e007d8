package io.cmkworker.kafka.group;

import io.cmkworker.kafka.group.OpenTransactions;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the transactions a slot's previous owner left open. An instance killed in the middle of a
 * transaction leaves it open until the coordinator times it out ({@code transaction.timeout.ms}, then up
 * to the broker's abort check interval): meanwhile read_committed readers of the partitions it wrote stop
 * at it, so the slot's delayed steps and its ledger could not be read. Only a slot's owner writes its
 * delay and ledger partitions, and a live owner commits before it gives a slot up; so when this instance
 * has just been given the slot, a transaction still open there belongs to an owner that died or was
 * thrown out of the group while paused. Its producer is fenced ({@code Admin.fenceProducers}), which
 * aborts the transaction at once. Needs Describe on the topics and Write on the worker's transactional IDs.
 */
public final class AbandonedTransactions implements OpenTransactions, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AbandonedTransactions.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Admin admin;
    private final List<String> ownerOnlyTopics;

    /**
     * @param ownerOnlyTopics the topics only a slot's owner writes: the ledger and the delay tiers (not the
     *     requests topic, which upstream and forwarding instances write too)
     */
    public AbandonedTransactions(Admin admin, List<String> ownerOnlyTopics) {
        this.admin = admin;
        this.ownerOnlyTopics = List.copyOf(ownerOnlyTopics);
    }

    @Override
    public void fenceAbandoned(int slot) {
        fence(ownerOnlyTopics.stream().map(t -> new TopicPartition(t, slot)).toList());
    }

    /** Fences the producers of transactions still open on these partitions; returns their transactional IDs. */
    public Set<String> fence(Collection<TopicPartition> partitions) {
        try {
            Set<Long> producers = new HashSet<>();
            Map<TopicPartition, PartitionProducerState> states = admin.describeProducers(partitions).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (PartitionProducerState state : states.values()) {
                for (ProducerState producer : state.activeProducers()) {
                    if (producer.currentTransactionStartOffset().isPresent()) {
                        producers.add(producer.producerId());
                    }
                }
            }
            if (producers.isEmpty()) {
                return Set.of();
            }
            Set<String> ids = new HashSet<>();
            for (TransactionListing t : admin.listTransactions(new ListTransactionsOptions()
                    .filterProducerIds(producers)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                ids.add(t.transactionalId());
            }
            if (!ids.isEmpty()) {
                admin.fenceProducers(ids).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                log.info("aborted the transactions a previous owner left open on {}: fenced {}", partitions, ids);
            }
            return ids;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not end the transactions left open on {} ({}); waiting for the coordinator to time them"
                    + " out instead", partitions, e.getCause() == null ? e.toString() : e.getCause().toString());
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    @Override
    public long endIncludingOpen(TopicPartition tp) {
        try {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .partitionResult(tp).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the end offset of " + tp + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offset of " + tp, e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
