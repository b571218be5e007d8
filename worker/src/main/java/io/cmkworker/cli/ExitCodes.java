package io.cmkworker.cli;

/**
 * The exit codes the commands share, and the lines of their {@code --help} that list them ({@code exitCodeList}
 * of each {@code @Command}; picocli prints them under {@link #HEADING}). The numbers follow picocli's own: 2 for
 * a usage error, as it answers a bad option itself.
 */
final class ExitCodes {

    /** Done. */
    static final int OK = 0;
    /** Kafka, IMS or the Platform failed, or did not answer. */
    static final int FAILED = 1;
    /** A usage or configuration error; nothing was done. */
    static final int USAGE = 2;
    /** Done, but not every organisation completed ({@code submit --wait}, {@code status}). */
    static final int NOT_COMPLETED = 3;

    static final String HEADING = "%nExit codes:%n";

    static final String USAGE_LINE = "2:Usage or configuration error: a bad option, a missing or unreadable file, an"
            + " invalid or unknown setting, a client secret that is not set. Nothing was done.";

    static final String KAFKA_LINE = "1:Kafka failed: it did not answer within default.api.timeout.ms (30 s unless"
            + " set), refused the client (TLS, SASL, ACLs), or a topic is missing.";

    private ExitCodes() {
    }
}
