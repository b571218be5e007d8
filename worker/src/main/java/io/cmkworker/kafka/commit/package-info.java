/**
 * Exactly-once commits, record by record: each partition's window of records taken, finished and done
 * ({@link io.cmkworker.kafka.commit.OffsetWindow}), the done offsets written in the commit's metadata
 * ({@link io.cmkworker.kafka.commit.DoneOffsets}), and the transaction that carries outputs and offsets
 * together ({@link io.cmkworker.kafka.commit.TransactionCommitter}), which throws
 * {@link io.cmkworker.kafka.commit.FatalKafkaException} when this instance can no longer commit.
 *
 * <p>May use {@code metrics}; Kafka clients; no pipeline types.
 */
package io.cmkworker.kafka.commit;
