/**
 * The Kafka adapter, the only code that touches Kafka clients. This package holds the clients' settings that the
 * worker and the commands share ({@link io.cmkworker.kafka.KafkaClients}); the parts live beside it:
 * {@code loop} (the poll loop), {@code commit} (exactly-once commits record by record), {@code group} (slots,
 * holds, liveness), {@code ledger} (duplicates and replays), {@code delay} (delay tiers), {@code fault} (dead
 * letters) and {@code topics} (the topics as the commands see them). The composition root
 * ({@link io.cmkworker.app.KafkaPipeline}) builds them.
 *
 * <p>May use {@code config} and {@code kafka.group} (the assignor the consumer names).
 */
package io.cmkworker.kafka;
