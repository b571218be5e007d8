/**
 * The onboarding state machine: what a Platform job status means, when to check again, when to give
 * up. Plain Java only: no Kafka, HTTP, Avro or JSON types may appear here, so every decision is
 * unit-tested with an injected clock and no broker.
 */
package io.cmkworker.domain;
