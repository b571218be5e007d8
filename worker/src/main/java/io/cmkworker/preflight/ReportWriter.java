package io.cmkworker.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.domain.SafeText;
import io.cmkworker.preflight.Finding.Status;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a {@link PreflightReport}. The table has a row per line (its result and what failed), then what to do
 * line by line, then what could not be checked and why, counted; CSV has a column per check; JSON has every
 * finding with its source.
 */
public final class ReportWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriter() {
    }

    public static void write(PreflightReport report, OutputFormat format, PrintStream out) {
        switch (format) {
            case TABLE -> table(report, out);
            case CSV -> csv(report, out);
            case JSON -> out.println(json(report));
        }
    }

    private static void table(PreflightReport report, PrintStream out) {
        out.println("Preflight of " + report.keys().size() + " key" + (report.keys().size() == 1 ? "" : "s") + " ("
                + report.checkedWith() + ", " + report.at() + "):");
        List<List<String>> rows = new ArrayList<>();
        for (KeyReport k : report.keys()) {
            List<Finding> shown = k.verdict() == Status.PASS ? List.of() : k.with(k.verdict());
            rows.add(List.of(Integer.toString(k.line()), k.orgId().isEmpty() ? "-" : SafeText.of(k.orgId(), 40),
                    SafeText.of(vaultAndKey(k), 60),
                    k.tenantId().orElse("-"), result(k.verdict()), SafeText.of(String.join("; ", grouped(shown)), 200)));
        }
        OutputFormat.table(List.of("LINE", "ORG", "VAULT/KEY", "TENANT", "RESULT", "WHY"), rows)
                .forEach(out::println);
        List<KeyReport> todo = report.keys().stream().filter(k -> !k.todo().isEmpty()).toList();
        if (!todo.isEmpty()) {
            out.println();
            out.println("To do (read-only checks first; a change that cannot be undone comes after its WARNING):");
            for (KeyReport k : todo) {
                out.println("  line " + k.line() + " " + SafeText.of(vaultAndKey(k), 80) + ":");
                for (String item : k.todo()) {
                    String[] lines = item.split("\n");
                    out.println("    " + lines[0]);
                    for (int i = 1; i < lines.length; i++) {
                        out.println("      " + lines[i]);
                    }
                }
            }
        }
        Map<String, Integer> notChecked = new TreeMap<>();
        report.keys().forEach(k -> grouped(k.with(Status.NOT_CHECKED)).forEach(why ->
                notChecked.merge(why, 1, Integer::sum)));
        if (!notChecked.isEmpty()) {
            out.println();
            out.println("Not checked, and why:");
            notChecked.forEach((why, n) -> out.println("  " + SafeText.of(why, 400) + " (" + n + " line"
                    + (n == 1 ? "" : "s") + ")"));
        }
        Map<Status, Integer> verdicts = report.verdicts();
        out.println();
        out.printf("%d passed, %d passed with a warning, %d failed, %d not fully checked.%n", verdicts.get(Status.PASS),
                verdicts.get(Status.WARN), verdicts.get(Status.FAIL), verdicts.get(Status.NOT_CHECKED));
    }

    /** {@code enabled, within nbf/exp: the key was not read}: the checks that share a detail, together. */
    private static List<String> grouped(List<Finding> findings) {
        Map<String, List<String>> checksByDetail = new LinkedHashMap<>();
        findings.forEach(f -> checksByDetail.computeIfAbsent(f.detail(), d -> new ArrayList<>()).add(f.check().label()));
        List<String> out = new ArrayList<>();
        checksByDetail.forEach((detail, checks) -> out.add(String.join(", ", checks) + (detail.isEmpty() ? "" : ": "
                + detail)));
        return out;
    }

    private static String result(Status verdict) {
        return switch (verdict) {
            case PASS -> "PASS";
            case WARN -> "WARN";
            case FAIL -> "FAIL";
            case NOT_CHECKED -> "INCOMPLETE";
        };
    }

    private static String vaultAndKey(KeyReport k) {
        return io.cmkworker.pipeline.AzureKeySetup.of(k.keyVaultKeyIdentifier())
                .map(s -> s.vaultName() + "/" + s.keyName()).orElse(k.keyVaultKeyIdentifier());
    }

    private static void csv(PreflightReport report, PrintStream out) {
        List<String> header = new ArrayList<>(List.of("line", "orgId", "keyVaultKeyIdentifier", "vault", "tenantId",
                "result"));
        for (Check check : Check.values()) {
            header.add(check.name().toLowerCase(java.util.Locale.ROOT));
        }
        header.add("todo");
        out.println(OutputFormat.csvLine(header));
        for (KeyReport k : report.keys()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(k.line()), k.orgId(), k.keyVaultKeyIdentifier(),
                    k.vaultHost(), k.tenantId().orElse(""), result(k.verdict())));
            for (Check check : Check.values()) {
                row.add(k.findings().stream().filter(f -> f.check() == check).findFirst()
                        .map(f -> f.status() + (f.detail().isEmpty() ? "" : ": " + f.detail())).orElse(""));
            }
            row.add(String.join("\n", k.todo()));
            out.println(OutputFormat.csvLine(row));
        }
    }

    static String json(PreflightReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("checkedWith", report.checkedWith());
        root.put("at", report.at().toString());
        ObjectNode summary = root.putObject("summary");
        report.verdicts().forEach((status, n) -> summary.put(result(status).toLowerCase(java.util.Locale.ROOT), n));
        ArrayNode keys = root.putArray("keys");
        for (KeyReport k : report.keys()) {
            ObjectNode key = keys.addObject();
            key.put("line", k.line());
            key.put("orgId", k.orgId());
            key.put("keyVaultKeyIdentifier", k.keyVaultKeyIdentifier());
            key.put("vault", k.vaultHost());
            key.put("tenantId", k.tenantId().orElse(null));
            key.put("result", result(k.verdict()));
            ArrayNode findings = key.putArray("findings");
            for (Finding f : k.findings()) {
                findings.addObject().put("check", f.check().name()).put("label", f.check().label())
                        .put("status", f.status().name()).put("detail", f.detail()).put("source", f.check().source());
            }
            ArrayNode todo = key.putArray("todo");
            k.todo().forEach(todo::add);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
