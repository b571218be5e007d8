/**
 * What the worker counts and times (Micrometer): outcomes by status, Platform calls by operation
 * and status, delay hops, dead letters, and how late due checks start; exported in the Prometheus format by
 * {@code admin}. May use {@code platform}'s observer port ({@link io.cmkworker.platform.CallObserver}), which it
 * implements, and Micrometer.
 */
package io.cmkworker.metrics;
