/**
 * The worker's admin endpoints for operators and orchestrators: Prometheus metrics and the liveness and
 * readiness checks Kubernetes probes call. Reads the loop's published status and the meter registry; it
 * never touches Kafka clients or the loop's own state.
 */
package io.cmkworker.admin;
