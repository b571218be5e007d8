package io.cmkworker.metrics;

import java.util.Objects;

/**
 * One assigned partition's lag, as the poll loop measured it.
 *
 * @param topic the input topic
 * @param partition the partition
 * @param role {@code requests} (new requests: waiting here is the intake's backlog) or {@code delay} (a delay tier:
 *     its records wait here by design until they are due)
 * @param records records not yet taken (end offset minus position, as of the partition's last fetch)
 * @param seconds how long the record at the position has been in the partition, as far as this instance saw: from
 *     when it first saw the end offset pass it (0 when there is no lag)
 */
public record PartitionLag(String topic, int partition, String role, long records, double seconds) {
    public PartitionLag {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(role, "role");
        if (partition < 0 || records < 0 || seconds < 0) {
            throw new IllegalArgumentException("partition, records and seconds must be >= 0, were " + partition + ", "
                    + records + ", " + seconds);
        }
    }
}
