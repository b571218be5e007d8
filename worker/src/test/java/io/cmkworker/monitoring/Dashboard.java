package io.cmkworker.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard's queries as Prometheus runs them: every panel target's expression and every template
 * variable's {@code label_values(...)} query, with Grafana's variables replaced by values a test chooses.
 */
public final class Dashboard {

    /** A query and where it comes from (panel title and target, or template variable). */
    public record Query(String origin, String expr) {
    }

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*\\w+\\)");

    private Dashboard() {
    }

    /** Every query of {@code dashboard} with {@code variables} substituted ({@code $name} to value). */
    public static List<Query> queries(JsonNode dashboard, Map<String, String> variables) {
        List<Query> out = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(variable -> {
            if (variable.path("type").asText().equals("query")) {
                String definition = variable.path("definition").asText();
                Matcher m = LABEL_VALUES.matcher(definition);
                if (!m.matches()) {
                    throw new AssertionError("variable " + variable.path("name") + ": not label_values(...): "
                            + definition);
                }
                out.add(new Query("variable $" + variable.path("name").asText(), substitute(m.group(1), variables)));
            }
        });
        panels(dashboard).forEach(panel -> panel.path("targets").forEach(target -> out.add(new Query(
                "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                substitute(target.path("expr").asText(), variables)))));
        return out;
    }

    /** Every panel with queries (rows hold none here: none is collapsed). */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!p.path("type").asText().equals("row")) {
                out.add(p);
            }
        });
        return out;
    }

    /** The values a test gives Grafana's variables: the job, every instance, and windows for a short run. */
    public static Map<String, String> variables(String job, String range) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("$__rate_interval", "1m");
        v.put("$__range", range);
        v.put("$job", job);
        v.put("$instance", ".*");
        return v;
    }

    private static String substitute(String expr, Map<String, String> variables) {
        String out = expr;
        for (Map.Entry<String, String> e : variables.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        if (out.contains("$")) {
            throw new AssertionError("a Grafana variable the tests do not know in: " + expr);
        }
        return out;
    }
}
