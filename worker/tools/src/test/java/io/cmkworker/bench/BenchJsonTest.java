package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchJsonTest {

    private static final Machine MACHINE = new Machine(2, 24_000, "Linux 6 amd64", "17.0.15", "OpenJDK");

    private static BenchReport report() {
        ScenarioResult lateness = new ScenarioResult("lateness", "4. Lateness", Map.of("orgs", 2000),
                List.of(Figure.of("lateness-p99", "p99", 180.5, "ms", Target.below(250)),
                        Figure.of("lateness-max", "max", 1200, "ms", Target.below(1000)),
                        Figure.of("checks", "checks", 14_000, "count")),
                List.of("a note"), null, 41.2);
        ScenarioResult heap = new ScenarioResult("heap", "6. Heap", Map.of(), List.of(), List.of(),
                "BenchTimeoutException: waited 900 s", 900);
        return new BenchReport("java -jar cmk-worker.jar bench", Instant.parse("2026-12-01T10:00:00Z"), 950.25, MACHINE,
                Map.of("quick", false), List.of(lateness, heap));
    }

    @Test
    void writesEveryFigureWithItsTargetAndVerdict(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/bench.json");

        BenchJson.write(report(), file);

        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertThat(root.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(root.path("machine").path("javaVersion").asText()).isEqualTo("17.0.15");
        assertThat(root.path("startedAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        JsonNode figures = root.path("scenarios").get(0).path("figures");
        assertThat(figures).hasSize(3);
        JsonNode p99 = figures.get(0);
        assertThat(p99.path("key").asText()).isEqualTo("lateness-p99");
        assertThat(p99.path("value").asDouble()).isEqualTo(180.5);
        assertThat(p99.path("unit").asText()).isEqualTo("ms");
        assertThat(p99.path("target").asText()).isEqualTo("< 250 ms");
        assertThat(p99.path("targetComparison").asText()).isEqualTo("<");
        assertThat(p99.path("targetBound").asDouble()).isEqualTo(250);
        assertThat(p99.path("pass").asBoolean()).isTrue();
        assertThat(figures.get(1).path("pass").asBoolean()).isFalse();
        assertThat(figures.get(2).path("pass").isNull()).isTrue();
        assertThat(figures.get(2).path("target").isNull()).isTrue();
        assertThat(root.path("summary").path("misses").asInt()).isEqualTo(1);
        assertThat(root.path("summary").path("failedScenarios").asInt()).isEqualTo(1);
    }

    @Test
    void saysWhichScenarioFailedAndWhy() throws Exception {
        JsonNode heap = new ObjectMapper().readTree(BenchJson.toJson(report())).path("scenarios").get(1);

        assertThat(heap.path("status").asText()).isEqualTo("failed");
        assertThat(heap.path("error").asText()).contains("waited 900 s");
        assertThat(new ObjectMapper().readTree(BenchJson.toJson(report())).path("scenarios").get(0).path("status")
                .asText()).isEqualTo("ran");
    }

    @Test
    void theTableShowsEachFigureWithItsTargetAndResult() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchTable.print(report(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);

        assertThat(table).contains("2 cores").contains("Java 17.0.15")
                .containsPattern("p99\\s+181 ms\\s+< 250 ms\\s+pass")
                .containsPattern("max\\s+1,200 ms\\s+< 1,000 ms\\s+MISS")
                .contains("FAILED: BenchTimeoutException")
                .contains("3 figures, 1 missed their target, 1 scenario(s) failed");
    }
}
