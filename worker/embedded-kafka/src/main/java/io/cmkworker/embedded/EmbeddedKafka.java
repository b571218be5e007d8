package io.cmkworker.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a single-node KRaft Kafka broker in a child JVM from this JVM's own classpath, with its data
 * in a temporary directory removed on {@link #close()}.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private Process process;

    private EmbeddedKafka(Path dataDir, int brokerPort, int controllerPort) {
        this.dataDir = dataDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = Uuid.randomUuid().toString();
    }

    /** Starts a broker on free loopback ports with its data in a new temporary directory. */
    public static EmbeddedKafka start() {
        try {
            EmbeddedKafka kafka = new EmbeddedKafka(Files.createTempDirectory("cmk-kafka-"), freePort(), freePort());
            kafka.launch();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** The broker's process (to read what it uses, such as its CPU time). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    private void launch() throws IOException {
        Path propsFile = writeProperties();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dlogback.configurationFile=logback-broker.xml",
                "-Dcmk.broker.log=" + System.getProperty("cmk.embedded.broker.log", dataDir.resolve("broker.log").toString()),
                "-cp", System.getProperty("java.class.path"),
                BrokerMain.class.getName(), propsFile.toString(), clusterId));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        long started = System.nanoTime();
        process = builder.start();
        Process child = process;
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly, "embedded-kafka-stop"));
        awaitStarted(child);
        awaitReady();
        log.info("Kafka broker ready at {} in {} ms (data in {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dataDir);
    }

    private void awaitStarted(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("BROKER STARTED")) {
                Thread drain = new Thread(() -> drain(out), "embedded-kafka-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
            lines.add(line);
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        child.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not start; its output was:\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
    }

    private void awaitReady() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Kafka broker at " + bootstrapServers()
                                + " did not answer within " + START_TIMEOUT, e);
                    }
                }
            }
        }
    }

    private Path writeProperties() throws IOException {
        Path logs = dataDir.resolve("kraft-logs");
        Files.createDirectories(logs);
        Map<String, String> config = Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logs.toString()),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "5"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.cleaner.dedupe.buffer.size", "2097152"),
                Map.entry("log.flush.interval.messages", "9223372036854775807"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"));
        Path file = dataDir.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : config.entrySet()) {
                writer.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        return file;
    }

    /** SIGKILLs the broker, as a machine loses a process: no controlled shutdown; its data stays. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts the broker again on the same ports and data (after {@link #kill()}), and waits until it answers. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is still running");
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the embedded Kafka broker", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                process.getOutputStream().close(); // the child halts when its stdin closes
            } catch (IOException e) {
                // it is going anyway
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    waitFor(process);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(dataDir);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // the broker logs to a file; this keeps its pipe from filling up
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("could not delete {}", dir, e);
        }
    }
}
