/**
 * The Kafka adapter, the only code that touches Kafka clients. This package holds what its parts share
 * and the tools' view of the topics: the clients' settings ({@link io.cmkworker.kafka.KafkaClients}), topic
 * setup, publishing requests and reading outcomes, and {@link io.cmkworker.kafka.KafkaPipeline}, which builds
 * the rest. The parts: {@code loop} (the poll loop), {@code commit} (exactly-once commits record by record),
 * {@code group} (slots, holds, liveness), {@code ledger} (duplicates), {@code delay} (delay tiers) and
 * {@code fault} (dead letters).
 */
package io.cmkworker.kafka;
