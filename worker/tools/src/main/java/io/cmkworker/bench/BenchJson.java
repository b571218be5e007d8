package io.cmkworker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link BenchReport} as JSON. Every figure carries its key, label, value, unit, target (text,
 * comparison and bound, or nulls) and pass (true, false, or null without a target), so a script can
 * compare runs without parsing the table.
 */
public final class BenchJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    public static void write(BenchReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(report) + System.lineSeparator());
    }

    public static String toJson(BenchReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", report.command());
        root.put("startedAt", report.startedAt().toString());
        root.put("seconds", round(report.seconds()));
        root.set("machine", JSON.valueToTree(report.machine()));
        root.set("sizes", JSON.valueToTree(report.sizes()));
        ArrayNode scenarios = root.putArray("scenarios");
        report.scenarios().forEach(result -> scenario(scenarios.addObject(), result));
        ObjectNode summary = root.putObject("summary");
        summary.put("figures", report.scenarios().stream().mapToInt(r -> r.figures().size()).sum());
        summary.put("misses", report.misses());
        summary.put("failedScenarios", report.failures());
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the bench results as JSON", e);
        }
    }

    private static void scenario(ObjectNode s, ScenarioResult result) {
        s.put("id", result.id());
        s.put("title", result.title());
        s.put("status", result.error() == null ? "ran" : "failed");
        s.put("error", result.error());
        s.put("seconds", round(result.seconds()));
        s.set("parameters", JSON.valueToTree(result.parameters()));
        ArrayNode figures = s.putArray("figures");
        result.figures().forEach(figure -> figure(figures.addObject(), figure));
        s.set("notes", JSON.valueToTree(result.notes()));
    }

    private static void figure(ObjectNode f, Figure figure) {
        Target target = figure.target();
        f.put("key", figure.key());
        f.put("label", figure.label());
        f.put("value", figure.value());
        f.put("unit", figure.unit());
        f.put("target", target == null ? null : BenchTable.target(figure));
        f.put("targetComparison", target == null ? null : target.comparison().symbol());
        f.put("targetBound", target == null ? null : target.bound());
        f.put("pass", figure.pass());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
