/**
 * Records that cannot be processed: how a dead letter is built, with the original key, value and headers and
 * namespaced {@code cmk.dlq.*} headers ({@link io.cmkworker.kafka.fault.DeadLetters}). Reading and replaying the
 * dead-letter topic is a command's job ({@link io.cmkworker.kafka.topics.DeadLetterTopic}).
 *
 * <p>May use {@code domain} and {@code events}.
 */
package io.cmkworker.kafka.fault;
