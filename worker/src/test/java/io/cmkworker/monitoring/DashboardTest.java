package io.cmkworker.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard ({@code worker/monitoring/grafana/cmk-worker.json}) without a server: every panel explains
 * itself and queries the chosen Prometheus, and every query is valid PromQL ({@code promtool check rules} on the
 * queries written as recording rules). {@code PrometheusIT} runs each of them against a Prometheus scraping a worker.
 */
class DashboardTest {

    private final JsonNode dashboard = MonitoringFiles.dashboard();

    @Test
    void everyPanelHasATitleADescriptionAndQueriesTheChosenPrometheus() {
        Set<Integer> ids = new HashSet<>();
        List<JsonNode> panels = Dashboard.panels(dashboard);
        assertThat(panels).hasSizeGreaterThan(20);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("%s has an id of its own", title).isTrue();
            assertThat(panel.path("description").asText()).as("%s description", title).isNotBlank();
            assertThat(panel.path("targets")).as("%s queries", title).isNotEmpty();
            panel.path("targets").forEach(t -> {
                assertThat(t.path("expr").asText()).as("%s query", title).isNotBlank();
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            });
        }
    }

    @Test
    void everyQueryIsValidPromql(@TempDir Path dir) throws IOException {
        List<Dashboard.Query> queries = Dashboard.queries(dashboard, Dashboard.variables("cmk-worker", "1h"));
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query:").append(i).append('\n')
                    .append("        expr: '").append(queries.get(i).expr().replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
        Promtool.Result result = new Promtool(PrometheusBinaries.require()).run(dir, "", "check", "rules",
                file.getFileName().toString());
        assertThat(result.exitCode()).as(result.output() + "\nqueries: " + queries).isZero();
    }
}
