package io.cmkworker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cmk-worker.jar <command>}. */
@Command(name = "cmk-worker", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Onboards Adobe Experience Platform organisations onto customer-managed keys (Azure Key Vault),"
                + " driven by Kafka events.",
        subcommands = {RunCommand.class, SandboxCommand.class, DemoCommand.class, DlqCommand.class,
                SubmitCommand.class, OutcomesCommand.class, AppRegistrationCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code, without exiting. */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .registerConverter(java.time.Duration.class, io.cmkworker.config.Durations::parse)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"cmk-worker " + (v == null ? "(development build)" : v)};
        }
    }
}
