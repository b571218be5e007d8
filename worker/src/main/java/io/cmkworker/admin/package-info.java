/**
 * The worker's admin endpoints for operators and orchestrators: Prometheus metrics and the liveness and
 * readiness checks Kubernetes probes call. Reads the loop's published status and the meter registry; it
 * never touches Kafka clients or the loop's own state. May use {@code kafka.loop}'s published
 * {@link io.cmkworker.kafka.loop.WorkerLoop.Status} only.
 */
package io.cmkworker.admin;
