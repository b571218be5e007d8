/**
 * Delays as hops through topics of fixed delay ({@link io.cmkworker.kafka.delay.DelayTiers}), and the records
 * the pipeline's outputs become: outcomes, the first hop of a delayed step, further hops, dead letters
 * ({@link io.cmkworker.kafka.delay.OutputRecords}).
 *
 * <p>May use {@code config}, {@code events}, {@code kafka.fault} and {@code pipeline}'s outputs.
 */
package io.cmkworker.kafka.delay;
