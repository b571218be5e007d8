/**
 * The composition root: builds the worker's object graph by hand from a
 * {@link io.cmkworker.config.WorkerConfig} (constructors, no container, no static singletons), so a
 * test can build the same graph. The only package that knows every other.
 */
package io.cmkworker.app;
