/**
 * The command line (picocli): {@code run}, {@code sandbox}, {@code demo}, {@code dlq}, {@code submit},
 * {@code outcomes}, {@code app-registration}, {@code bench}. Parses options and hands
 * over to the composition root; holds no logic of its own.
 */
package io.cmkworker.cli;
