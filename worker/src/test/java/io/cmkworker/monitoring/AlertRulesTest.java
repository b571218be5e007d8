package io.cmkworker.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert and recording rules of {@code worker/monitoring/rules/}: valid for Prometheus ({@code promtool check
 * rules}, lint fatal), right on their test series ({@code promtool test rules}: firing and not firing, across counter
 * resets), every alert tested both ways, and every alert with what an operator needs when it fires.
 */
class AlertRulesTest {

    @Test
    void promtoolAcceptsTheRuleFiles() {
        Promtool promtool = new Promtool(PrometheusBinaries.require());
        List<String> args = new ArrayList<>(List.of("check", "rules", "--lint-fatal"));
        MonitoringFiles.ruleFiles().forEach(f -> args.add(f.toString()));
        Promtool.Result result = promtool.run(Path.of("."), "", args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyRuleTestPasses() {
        Promtool promtool = new Promtool(PrometheusBinaries.require());
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        MonitoringFiles.ruleTestFiles().forEach(f -> args.add(f.getFileName().toString()));
        Promtool.Result result = promtool.run(MonitoringFiles.RULE_TESTS, "", args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void everyRuleFileIsTestedAndEveryAlertIsTestedFiringAndNotFiring() {
        Set<String> loaded = new TreeSet<>();
        Set<String> firing = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : MonitoringFiles.ruleTestFiles()) {
            JsonNode test = MonitoringFiles.yaml(file);
            test.path("rule_files").forEach(r -> loaded.add(file.getParent().resolve(r.asText()).normalize()
                    .getFileName().toString()));
            test.path("tests").forEach(group -> group.path("alert_rule_test").forEach(t ->
                    (t.path("exp_alerts").isEmpty() ? silent : firing).add(t.path("alertname").asText())));
        }
        assertThat(loaded).containsExactlyInAnyOrderElementsOf(
                MonitoringFiles.ruleFiles().stream().map(f -> f.getFileName().toString()).toList());
        for (JsonNode alert : MonitoringFiles.alerts()) {
            String name = alert.get("alert").asText();
            assertThat(firing).as("a test case in which %s fires", name).contains(name);
            assertThat(silent).as("a test case in which %s does not fire", name).contains(name);
        }
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookSection() throws IOException {
        Set<String> sections = sections(Files.readString(MonitoringFiles.RUNBOOK));
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : MonitoringFiles.alerts()) {
            String name = alert.get("alert").asText();
            names.add(name);
            assertThat(alert.path("labels").path("severity").asText()).as("%s severity", name)
                    .isIn("critical", "warning");
            assertThat(alert.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as("%s description", name)
                    .hasSizeGreaterThan(100);
            assertThat(alert.path("annotations").path("runbook_url").asText()).as("%s runbook", name)
                    .isEqualTo("worker/docs/operations-alerts.md#" + name.toLowerCase(Locale.ROOT));
        }
        assertThat(sections).as("one runbook section per alert, titled with its name, and no other")
                .containsExactlyInAnyOrderElementsOf(names);
    }

    /** The {@code ## } headings of the runbook: GitHub anchors them at the heading in lower case. */
    private static Set<String> sections(String markdown) {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^## (\\S+)\\s*$").matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
