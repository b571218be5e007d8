/**
 * What the worker counts and times (Micrometer): outcomes by status, Platform calls by operation
 * and status, delay hops, dead letters, how late due checks start, and each partition's lag; the JVM's and the
 * process's meters ({@link io.cmkworker.metrics.JvmMeters}); names kept within Prometheus' rules
 * ({@link io.cmkworker.metrics.PrometheusNaming}). Exported in the Prometheus format by {@code admin}. May use
 * {@code platform}'s observer port ({@link io.cmkworker.platform.CallObserver}), which it implements, and Micrometer.
 */
package io.cmkworker.metrics;
