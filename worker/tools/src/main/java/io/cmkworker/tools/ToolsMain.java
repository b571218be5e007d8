package io.cmkworker.tools;

import io.cmkworker.cli.Main;
import picocli.CommandLine;

/**
 * {@code java -jar cmk-worker-tools.jar <command>}: every command of the worker's own jar, plus the development
 * tools that need a Kafka broker of their own ({@code demo}, {@code bench}). Not what runs in production.
 */
public final class ToolsMain {

    private ToolsMain() {
    }

    public static void main(String[] args) {
        Main.prepareJvm();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code, without exiting. */
    public static int execute(String... args) {
        CommandLine line = Main.commandLine();
        line.setCommandName("cmk-worker-tools");
        line.getCommandSpec().usageMessage().description(
                "The worker's commands, and the development tools: demo and bench start a real Kafka broker (KRaft)"
                        + " of their own. What runs in production is cmk-worker.jar, without these.");
        line.addSubcommand(new CommandLine(new DemoCommand()).registerConverter(java.time.Duration.class,
                io.cmkworker.config.Durations::parse));
        line.addSubcommand(new CommandLine(new BenchCommand()).registerConverter(java.time.Duration.class,
                io.cmkworker.config.Durations::parse).setCaseInsensitiveEnumValuesAllowed(true));
        return line.execute(args);
    }
}
