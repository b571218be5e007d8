/**
 * The poll loop: one thread that owns the consumer, hands each record of a ready slot to the pipeline
 * ({@link io.cmkworker.kafka.loop.RecordDispatcher}), takes in what finished and has it committed, decides what to
 * fetch ({@link io.cmkworker.kafka.loop.FetchPolicy}), and answers rebalances
 * ({@link io.cmkworker.kafka.loop.Rebalance}).
 *
 * <p>May use {@code config}, {@code domain}, {@code events}, {@code metrics}, the {@code kafka.commit},
 * {@code kafka.group}, {@code kafka.ledger}, {@code kafka.delay} and {@code kafka.fault} packages, and
 * {@code platform}'s {@link io.cmkworker.platform.Futures}. It knows the pipeline only through its port:
 * {@link io.cmkworker.pipeline.Steps}, {@link io.cmkworker.pipeline.Output},
 * {@link io.cmkworker.pipeline.Lease}, {@link io.cmkworker.pipeline.LeaseLostException} and
 * {@link io.cmkworker.pipeline.RequestLog}.
 */
package io.cmkworker.kafka.loop;
