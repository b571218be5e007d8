/**
 * The poll loop: one thread that owns the consumer, hands each record of a ready slot to the pipeline
 * ({@link io.cmkworker.kafka.loop.RecordDispatcher}), takes in what finished and has it committed, and answers
 * rebalances ({@link io.cmkworker.kafka.loop.Rebalance}). Uses the commit, group, ledger and delay packages;
 * knows the pipeline only through {@link io.cmkworker.pipeline.Steps}.
 */
package io.cmkworker.kafka.loop;
