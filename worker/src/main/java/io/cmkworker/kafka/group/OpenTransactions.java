package io.cmkworker.kafka.group;

import org.apache.kafka.common.TopicPartition;

/** How a slot's new owner gets past the transactions its previous owner left open. */
public interface OpenTransactions extends AutoCloseable {

    /** The partition's end offset counting records of transactions still open (its high watermark). */
    long endIncludingOpen(TopicPartition tp);

    /** Ends the transactions still open on the slot's partitions that only its owner writes. */
    void fenceAbandoned(int slot);

    @Override
    void close();
}
