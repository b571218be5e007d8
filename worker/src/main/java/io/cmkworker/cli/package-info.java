/**
 * The command line (picocli): {@code run}, {@code sandbox}, {@code demo}, {@code dlq}. Parses options and hands
 * over to the composition root; holds no logic of its own.
 */
package io.cmkworker.cli;
