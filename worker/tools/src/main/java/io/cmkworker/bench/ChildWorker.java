package io.cmkworker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A worker in a JVM of its own, started as an operator starts one ({@code java -cp <this jar> ... run
 * --config FILE}), with its admin endpoints on a free port: what the heap and first-outcome scenarios
 * measure, apart from the bench's JVM (which also holds the sandbox and the broker's clients).
 */
public final class ChildWorker implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final ChildJvm jvm;
    private final int adminPort;
    private final long launchedNanos;
    private final Instant launchedAt;

    private ChildWorker(ChildJvm jvm, int adminPort, long launchedNanos, Instant launchedAt) {
        this.jvm = jvm;
        this.adminPort = adminPort;
        this.launchedNanos = launchedNanos;
        this.launchedAt = launchedAt;
    }

    /**
     * Starts {@code run --config} with {@code settings} (its {@code admin.port} is replaced by a free one)
     * and {@code jvmOptions}; the settings file and the log go in {@code dir}.
     */
    public static ChildWorker start(Map<String, String> settings, List<String> jvmOptions, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            int port = ChildJvm.freePort();
            Map<String, String> values = new LinkedHashMap<>(settings);
            values.put("admin.port", Integer.toString(port));
            Properties properties = new Properties();
            properties.putAll(values);
            Path configFile = dir.resolve(name + ".properties");
            try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                properties.store(writer, "cmk-worker bench: " + name);
            }
            Instant launchedAt = Instant.now();
            long launched = System.nanoTime();
            ChildJvm jvm = ChildJvm.start(jvmOptions, List.of("run", "--config", configFile.toString()),
                    dir.resolve(name + ".log"));
            return new ChildWorker(jvm, port, launched, launchedAt);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker process", e);
        }
    }

    public long pid() {
        return jvm.pid();
    }

    /** The CPU time the process has used so far, as the OS counts it (user and system). */
    public Duration cpu() {
        return jvm.cpu().orElseThrow(() -> new IllegalStateException("the worker process has exited; its log is "
                + log()));
    }

    /** {@link System#nanoTime()} just before the process was launched. */
    public long launchedNanos() {
        return launchedNanos;
    }

    /** The wall-clock time just before the process was launched, to compare with the sandbox's arrival times. */
    public Instant launchedAt() {
        return launchedAt;
    }

    public Path log() {
        return jvm.log();
    }

    public boolean isAlive() {
        return jvm.isAlive();
    }

    /** Whether {@code /health/ready} answers 200; false while it starts or cannot be reached. */
    public boolean ready() {
        try {
            return get("/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The sum of a metric's samples on {@code /metrics} (see {@link PrometheusText#sum}). */
    public double metric(String name) throws IOException {
        return PrometheusText.sum(metrics(), name);
    }

    /** What {@code /metrics} serves now (the Prometheus text format). */
    public String metrics() throws IOException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** SIGTERM (the worker drains, commits and exits), SIGKILL if it has not exited within a minute. */
    @Override
    public void close() {
        jvm.close();
    }
}
