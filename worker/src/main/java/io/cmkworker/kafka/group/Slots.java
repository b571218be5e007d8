package io.cmkworker.kafka.group;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * An organisation's <em>slot</em>: the partition number its records have in every worker topic
 * (requests, each delay tier, ledger). Kafka's default partitioner puts a record keyed by the org ID in
 * that partition, and {@link SlotAssignor} gives all partitions of one slot to one instance, so all of an
 * organisation's steps run in one place.
 */
public final class Slots {

    private Slots() {
    }

    /** The slot of {@code orgId} among {@code partitions} (the key hash of Kafka's default partitioner). */
    public static int of(String orgId, int partitions) {
        return Utils.toPositive(Utils.murmur2(orgId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
