/**
 * The Kafka adapter: the single-threaded poll loop, delays as tiers of fixed-delay topics with paused
 * partitions, exactly-once commits (one transaction per loop turn carrying outputs and consumed
 * offsets), dead letters, and topic setup. The only package that touches Kafka clients.
 */
package io.cmkworker.kafka;
