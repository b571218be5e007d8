/**
 * The worker's topics as the commands see them: creating and checking them ({@link io.cmkworker.kafka.topics.TopicSetup},
 * which the worker also runs at start), publishing requests ({@link io.cmkworker.kafka.topics.RequestPublisher}),
 * reading outcomes ({@link io.cmkworker.kafka.topics.OutcomeReader}), and listing and replaying dead letters
 * ({@link io.cmkworker.kafka.topics.DeadLetterTopic}). Nothing of the poll loop.
 *
 * <p>May use {@code config}, {@code events}, {@code events.registry} (the wire format the configuration chooses),
 * {@code kafka} (the clients' settings), {@code kafka.delay} (the tier topics) and {@code kafka.fault} (the dead
 * letters' headers).
 */
package io.cmkworker.kafka.topics;
