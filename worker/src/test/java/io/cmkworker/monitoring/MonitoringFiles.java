package io.cmkworker.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of {@code worker/monitoring/} as the tests read them (the tests run in the worker module's directory):
 * the Prometheus rule files, their promtool tests, the Grafana dashboard and the docker-compose provisioning.
 */
public final class MonitoringFiles {

    public static final Path DIR = Path.of("monitoring");
    public static final Path RULES = DIR.resolve("rules");
    public static final Path RULE_TESTS = DIR.resolve("tests");
    public static final Path DASHBOARD = DIR.resolve("grafana").resolve("cmk-worker.json");
    public static final Path RUNBOOK = Path.of("docs", "operations-alerts.md");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringFiles() {
    }

    public static List<Path> ruleFiles() {
        return list(RULES, ".yml");
    }

    public static List<Path> ruleTestFiles() {
        return list(RULE_TESTS, ".test.yml");
    }

    /** Every alerting rule of every rule file. */
    public static List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        for (Path file : ruleFiles()) {
            yaml(file).path("groups").forEach(group -> group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    out.add(rule);
                }
            }));
        }
        return out;
    }

    public static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + " does not parse", e);
        }
    }

    public static JsonNode dashboard() {
        try {
            return JSON.readTree(Files.readString(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException(DASHBOARD + " does not parse", e);
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
