package io.cmkworker.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar cmk-worker.jar <command>}. */
@Command(name = "cmk-worker", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Onboards Adobe Experience Platform organisations onto customer-managed keys (Azure Key Vault),"
                + " driven by Kafka events.",
        subcommands = {RunCommand.class, SandboxCommand.class, DlqCommand.class, SubmitCommand.class,
                OutcomesCommand.class, StatusCommand.class, AppRegistrationCommand.class, PreflightCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        prepareJvm();
        System.exit(execute(args));
    }

    /** JVM-wide settings every command of this program wants, made before anything touches what they set. */
    public static void prepareJvm() {
        keepHttpResponsesOffNewThreads();
        keepHttpBuffersSmall();
        routeJavaUtilLogging();
    }

    /**
     * The schema registry's client (and Vert.x under it) log through {@code java.util.logging}, which would print
     * its own two-line format on stderr, outside the worker's text or JSON lines: sent to SLF4J instead, where the
     * logback configuration decides (logback's {@code LevelChangePropagator} keeps the levels in step).
     */
    static void routeJavaUtilLogging() {
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    /** The common pool's parallelism this program asks for when the JVM would give it fewer than two threads. */
    static final String COMMON_PARALLELISM = "4";

    /**
     * The JDK's {@code HttpClient} completes every {@code sendAsync} in {@code CompletableFuture}'s default
     * executor. On fewer than three cores the common pool's parallelism is 1, and that executor then starts a
     * new thread for every task: one thread per HTTP response (profiled under load: thousands of thread starts
     * a minute). A common pool of a few threads removes that; it must be set before anything touches the pool,
     * and an explicit {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} wins.
     */
    static void keepHttpResponsesOffNewThreads() {
        String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(key) == null && Runtime.getRuntime().availableProcessors() < 3) {
            System.setProperty(key, COMMON_PARALLELISM);
        }
    }

    /** The read buffer of each HTTP connection this program asks for: the Platform's answers are about 1 KB. */
    static final String HTTP_BUFFER_BYTES = "4096";

    /**
     * The JDK's {@code HttpClient} reads each connection into buffers of {@code jdk.httpclient.bufsize} bytes
     * (16 KB by default), and an idle HTTP/1.1 connection keeps its last two: with the worker's 64 calls in
     * flight, 2 MB of heap held by connections waiting for the next call, most of it after a burst that opened
     * them all. The Platform's answers are about 1 KB, so 4 KB buffers read each in one go and hold a quarter
     * of that. It must be set before the client's classes load; an explicit {@code -Djdk.httpclient.bufsize}
     * wins.
     */
    static void keepHttpBuffersSmall() {
        String key = "jdk.httpclient.bufsize";
        if (System.getProperty(key) == null) {
            System.setProperty(key, HTTP_BUFFER_BYTES);
        }
    }

    /** Runs a command line and returns its exit code, without exiting. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command line with every operator command, ready to run; the development tools add theirs
     * ({@code demo}, {@code bench}) to it.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .registerConverter(java.time.Duration.class, io.cmkworker.config.Durations::parse)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * How this program was started, for commands it suggests: {@code java -jar} and the jar's path relative to
     * the working directory ({@code java -jar worker/target/cmk-worker.jar}), or {@code java -jar cmk-worker.jar}
     * when it does not run from a jar.
     */
    public static String invocation() {
        try {
            java.nio.file.Path jar = java.nio.file.Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            if (jar.toString().endsWith(".jar")) {
                java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
                return "java -jar " + (jar.startsWith(cwd) ? cwd.relativize(jar) : jar);
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the plain name
        }
        return "java -jar cmk-worker.jar";
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
