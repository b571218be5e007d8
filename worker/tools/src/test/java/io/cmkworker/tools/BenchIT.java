package io.cmkworker.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bench --quick} as CI runs it, in a JVM of its own (it starts its own broker, sets a JVM-wide
 * property for its sandboxes and quiets the worker's logs, none of which may leak into other tests). It
 * checks that every scenario ran and wrote every figure with a sane value; never how fast anything was.
 */
class BenchIT {

    private static final Map<String, List<String>> FIGURES = Map.of(
            "ceilings", List.of("tx-records-per-second", "http-calls-per-second"),
            "checks", List.of("onboardings-in-flight", "status-checks-per-second", "lower-ceiling",
                    "ratio-to-lower-ceiling"),
            "bulk", List.of("time-to-last-outcome", "platform-calls", "ideal-time", "ratio-to-ideal", "not-completed"),
            "lateness", List.of("checks", "lateness-p50", "lateness-p99", "lateness-max", "early-checks",
                    "time-to-all-outcomes", "onboardings-per-second", "not-completed"),
            "lateness-processes", List.of("checks", "unjoined-checks", "lateness-p50", "lateness-p99",
                    "lateness-max", "early-checks", "time-to-all-outcomes", "onboardings-per-second",
                    "status-checks-at-sandbox", "worker-cpu-per-1000-checks",
                    "worker-cpu-per-1000-checks-without-jit", "worker-cpu", "sandbox-cpu", "broker-cpu",
                    "not-completed"),
            "rate-limited", List.of("checks", "lateness-p50", "lateness-p99", "lateness-max", "early-checks",
                    "time-to-all-outcomes", "onboardings-per-second", "calls-per-onboarding",
                    "allowed-onboardings-per-second", "throughput-ratio", "busiest-second", "busiest-second-at-worker",
                    "not-completed"),
            "heap", List.of("heap-idle", "heap-pending-small", "heap-pending-large", "heap-pending-growth",
                    "heap-ledger", "heap-per-pending"),
            "first-outcome", List.of("command-to-first-call", "command-to-first-outcome"),
            "outage", List.of("time-to-last-outcome", "calls-per-second-during-outage", "most-posts-per-config",
                    "not-completed"));

    @Test
    void quickBenchRunsEveryScenarioAndWritesEveryFigure() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bench-it"));
        Path json = dir.resolve("bench-results.json");
        Path log = dir.resolve("bench.log");
        Files.deleteIfExists(json);
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.cmkworker.tools.ToolsMain", "bench", "--quick",
                "--json", json.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = bench.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            bench.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as(output).isTrue();
        assertThat(bench.exitValue()).as(output).isZero();
        assertThat(output).contains("Machine: ").contains("Results written to");

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertThat(root.path("command").asText()).contains("bench --quick");
        assertThat(root.path("machine").path("cores").asInt()).isPositive();
        assertThat(root.path("machine").path("javaVersion").asText()).startsWith("17");
        assertThat(root.path("sizes").path("quick").asBoolean()).isTrue();
        assertThat(root.path("summary").path("failedScenarios").asInt()).isZero();

        List<String> ran = new ArrayList<>();
        for (JsonNode scenario : root.path("scenarios")) {
            String id = scenario.path("id").asText();
            ran.add(id);
            assertThat(scenario.path("status").asText()).as(id + ": " + scenario.path("error")).isEqualTo("ran");
            assertThat(scenario.path("parameters").isObject()).isTrue();
            List<String> keys = new ArrayList<>();
            for (JsonNode figure : scenario.path("figures")) {
                keys.add(figure.path("key").asText());
                assertThat(figure.path("value").isNumber()).as(id + " " + figure).isTrue();
                assertThat(figure.path("value").asDouble()).as(id + " " + figure).isGreaterThanOrEqualTo(0);
                assertThat(figure.path("unit").asText()).as(id + " " + figure).isNotBlank();
                assertThat(figure.has("target") && figure.has("pass")).as(id + " " + figure).isTrue();
                assertThat(figure.path("target").isNull()).isEqualTo(figure.path("pass").isNull());
            }
            assertThat(keys).as(id).containsExactlyInAnyOrderElementsOf(FIGURES.get(id));
        }
        assertThat(ran).containsExactly("ceilings", "checks", "bulk", "lateness", "lateness-processes",
                "rate-limited", "heap",
                "first-outcome", "outage");

        // Sane, not fast: every onboarding completed, and the figures agree with one another.
        for (String id : List.of("bulk", "lateness", "lateness-processes", "rate-limited", "outage")) {
            assertThat(value(root, id, "not-completed")).as(id).isZero();
        }
        assertThat(value(root, "bulk", "platform-calls")).isGreaterThanOrEqualTo(3 * 200);
        assertThat(value(root, "lateness", "checks")).isPositive();
        assertThat(value(root, "lateness", "lateness-p50"))
                .isLessThanOrEqualTo(value(root, "lateness", "lateness-p99"));
        assertThat(value(root, "lateness", "lateness-p99"))
                .isLessThanOrEqualTo(value(root, "lateness", "lateness-max"));
        // Every status check the sandbox answered was joined with the step that made it, and none came early.
        assertThat(value(root, "lateness-processes", "unjoined-checks")).isZero();
        assertThat(value(root, "lateness-processes", "early-checks")).isZero();
        assertThat(value(root, "lateness-processes", "checks"))
                .isEqualTo(value(root, "lateness-processes", "status-checks-at-sandbox")).isPositive();
        assertThat(value(root, "lateness-processes", "worker-cpu")).isPositive();
        assertThat(value(root, "heap", "heap-pending-small")).isPositive();
        assertThat(value(root, "outage", "most-posts-per-config")).isEqualTo(1);
        assertThat(value(root, "first-outcome", "command-to-first-call"))
                .isLessThanOrEqualTo(value(root, "first-outcome", "command-to-first-outcome"));
    }

    private static double value(JsonNode root, String scenario, String key) {
        for (JsonNode s : root.path("scenarios")) {
            if (s.path("id").asText().equals(scenario)) {
                for (JsonNode f : s.path("figures")) {
                    if (f.path("key").asText().equals(key)) {
                        return f.path("value").asDouble();
                    }
                }
            }
        }
        throw new AssertionError("no figure " + key + " in " + scenario);
    }
}
