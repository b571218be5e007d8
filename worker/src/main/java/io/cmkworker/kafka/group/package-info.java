/**
 * Group membership and ownership: the cooperative assignor that moves whole slots
 * ({@link io.cmkworker.kafka.group.SlotAssignor}), a hold on a slot as the lease of its records
 * ({@link io.cmkworker.kafka.group.SlotOwnership}), whether this instance can believe it is still a member
 * ({@link io.cmkworker.kafka.group.Liveness}), and ending what a dead owner left open
 * ({@link io.cmkworker.kafka.group.AbandonedTransactions}).
 */
package io.cmkworker.kafka.group;
