/**
 * Records that cannot be processed: how a dead letter is built, with the original key, value and headers and
 * namespaced {@code cmk.dlq.*} headers ({@link io.cmkworker.kafka.fault.DeadLetters}), and reading and
 * replaying the dead-letter topic ({@link io.cmkworker.kafka.fault.DeadLetterTopic}).
 */
package io.cmkworker.kafka.fault;
