/**
 * The development tools' command line: every command of the worker's jar ({@link io.cmkworker.cli.Main}) plus
 * {@code demo} and {@code bench}, which start a real Kafka broker of their own
 * ({@link io.cmkworker.embedded.EmbeddedKafka}). Lives in the tools artifact, never in what runs in production.
 * May use {@code cli}, {@code config}, {@code demo} and {@code bench}.
 */
package io.cmkworker.tools;
