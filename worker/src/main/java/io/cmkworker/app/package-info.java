/**
 * The composition root: builds the worker's object graph by hand from a
 * {@link io.cmkworker.config.WorkerConfig} (constructors, no container, no static singletons), so a
 * test can build the same graph. {@link io.cmkworker.app.Worker} wires the worker and
 * {@link io.cmkworker.app.KafkaPipeline} its Kafka side. May use every package of the worker except the command
 * line, which uses it.
 */
package io.cmkworker.app;
