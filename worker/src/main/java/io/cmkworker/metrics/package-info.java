/**
 * What the worker counts and times (Micrometer): outcomes by status, Platform calls by operation
 * and status, delay hops, dead letters, and how late due checks start. Exported by a later
 * registry; the demo prints them.
 */
package io.cmkworker.metrics;
