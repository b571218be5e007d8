/**
 * Group membership and ownership: an organisation's slot ({@link io.cmkworker.kafka.group.Slots}), the cooperative
 * assignor that moves whole slots ({@link io.cmkworker.kafka.group.SlotAssignor}), a hold on a slot as the lease of
 * its records ({@link io.cmkworker.kafka.group.SlotOwnership}), whether this instance can believe it is still a
 * member ({@link io.cmkworker.kafka.group.Liveness}), partitions no member holds
 * ({@link io.cmkworker.kafka.group.OrphanWatch}), and ending what a dead owner left open
 * ({@link io.cmkworker.kafka.group.OpenTransactions}, {@link io.cmkworker.kafka.group.AbandonedTransactions}).
 *
 * <p>May use {@code pipeline}'s {@link io.cmkworker.pipeline.Lease} (a hold is one) and {@code metrics}.
 */
package io.cmkworker.kafka.group;
