/**
 * The command line of the production jar (picocli): {@code run}, {@code sandbox}, {@code dlq}, {@code submit},
 * {@code outcomes}, {@code app-registration}, {@code preflight}. Parses options and hands over to the
 * composition root and the commands' packages ({@code submit}, {@code outcomes}, {@code kafka.topics},
 * {@code sandbox}, {@code preflight}); holds no logic of its own. The development tools add their commands to it
 * from their own artifact.
 */
package io.cmkworker.cli;
