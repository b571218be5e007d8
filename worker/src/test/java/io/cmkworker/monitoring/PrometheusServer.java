package io.cmkworker.monitoring;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's binary, {@link PrometheusBinaries}) in a child process, as the tests start the broker:
 * on a free loopback port, with a fresh data directory, scraping and evaluating every second. Prometheus 2.42 applies
 * its targets on a fixed 5-second tick, so the first scrape comes about 5 s after start; wait for data with a timeout
 * of 20 s or more. Stopped with SIGTERM (it exits at once).
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Starts Prometheus in {@code dir} scraping {@code target} ({@code host:port}, path {@code /metrics}) as job
     * {@code job}, with {@code ruleFiles} loaded, and waits until it is ready.
     */
    public static PrometheusServer start(PrometheusBinaries binaries, Path dir, String job, String target,
                                         List<Path> ruleFiles) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files:
                %s
                scrape_configs:
                  - job_name: %s
                    metrics_path: /metrics
                    static_configs:
                      - targets: ['%s']
                """.formatted(ruleFiles.stream().map(f -> "  - '" + f.toAbsolutePath() + "'")
                .collect(Collectors.joining("\n")), job, target));
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(binaries.prometheus().toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listeningPort(process, log), p -> p > 0);
            PrometheusServer server = new PrometheusServer(process, log, port);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> server.get("/-/ready").statusCode() == 200);
            return server;
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static int listeningPort(Process process, Path log) throws IOException {
        String text = Files.readString(log);
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + text);
        }
        Matcher m = LISTENING.matcher(text);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The {@code result} of an instant query now (an empty array when it returns nothing). */
    public JsonNode query(String promql) {
        JsonNode answer = json("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + answer);
        }
        return answer.path("data").path("result");
    }

    /** Active alerts (pending or firing), as {@code /api/v1/alerts} lists them. */
    public JsonNode alerts() {
        return json("/api/v1/alerts").path("data").path("alerts");
    }

    /** Rules whose last evaluation failed, each with its error (the rule groups of {@code /api/v1/rules}). */
    public List<String> failingRules() {
        List<String> out = new java.util.ArrayList<>();
        json("/api/v1/rules").path("data").path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            if (!rule.path("health").asText().equals("ok")) {
                out.add(rule.path("name").asText() + ": " + rule.path("health").asText() + " "
                        + rule.path("lastError").asText());
            }
        }));
        return out;
    }

    /** Scrape targets that are not up, each with its last error ({@code /api/v1/targets}). */
    public List<String> failingTargets() {
        List<String> out = new java.util.ArrayList<>();
        json("/api/v1/targets").path("data").path("activeTargets").forEach(target -> {
            if (!target.path("health").asText().equals("up")) {
                out.add(target.path("scrapeUrl").asText() + ": " + target.path("health").asText() + " "
                        + target.path("lastError").asText());
            }
        });
        return out;
    }

    /** The state of the named alert: {@code pending}, {@code firing}, or {@code inactive} when it is not listed. */
    public String alertState(String name) {
        for (JsonNode alert : alerts()) {
            if (alert.path("labels").path("alertname").asText().equals(name)) {
                return alert.path("state").asText();
            }
        }
        return "inactive";
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode json(String path) {
        try {
            return JSON.readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
