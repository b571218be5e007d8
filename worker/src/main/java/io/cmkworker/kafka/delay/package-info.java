/**
 * Delays as hops through topics of fixed delay ({@link io.cmkworker.kafka.delay.DelayTiers}), and the records
 * the pipeline's outputs become: outcomes, the first hop of a delayed step, further hops, dead letters
 * ({@link io.cmkworker.kafka.delay.OutputRecords}).
 */
package io.cmkworker.kafka.delay;
