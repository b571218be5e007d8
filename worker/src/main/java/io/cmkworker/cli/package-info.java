/**
 * The command line of the production jar (picocli): {@code run}, {@code sandbox}, {@code dlq}, {@code submit},
 * {@code outcomes}, {@code status}, {@code app-registration}, {@code preflight}. Parses options (the shared ones as
 * mixins: {@code --config}, Kafka's {@code --bootstrap-server} and {@code --command-config}, {@code --format}) and
 * hands over to the composition root and the commands' packages ({@code submit}, {@code outcomes}, {@code status},
 * {@code preflight}, {@code kafka.topics}, {@code sandbox}); holds no logic of its own beyond exit codes
 * ({@code ExitCodes}). The development tools add their commands to it from their own artifact.
 */
package io.cmkworker.cli;
