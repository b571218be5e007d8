package io.cmkworker.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a file of organisations: CSV with a header row, or JSON Lines. The fields are the request's
 * ({@link #INPUT}); metadata entries are columns {@code metadata.<key>} in CSV and an object
 * {@code metadata} in JSON Lines. A results file has the same fields plus the outcome's
 * ({@link #RESULT}), so it can be read back for {@code --retry} or submitted again as it is. Column and
 * field names are matched ignoring case; an unknown one is an error (it is usually a typo).
 */
public final class SubmitFile {

    /** The fields of a line that make the request, in the order files show them. */
    public static final List<String> INPUT = List.of("orgId", "region", "configName", "keyVaultKeyIdentifier",
            "credentialRef", "deadline");
    /** The fields a results file adds. */
    public static final List<String> RESULT = List.of("requestId", "status", "reason", "hint", "startedAt",
            "finishedAt", "attempt", "line", "replay", "jobStatus");
    static final String METADATA = "metadata";
    private static final List<String> REQUIRED = INPUT.subList(0, 5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a file held: one entry per non-blank line that could be read, and the lines that could not. */
    public record Parsed<T>(FileFormat format, List<T> rows, List<LineProblem> problems) {
        public Parsed {
            rows = List.copyOf(rows);
            problems = List.copyOf(problems);
        }
    }

    /** The fields of one line, by canonical name. */
    private record Fields(int line, Map<String, String> values, Map<String, String> metadata) {
        String get(String name) {
            return values.getOrDefault(name, "");
        }
    }

    private SubmitFile() {
    }

    /** An input file: the organisations to submit (results fields, if any, are ignored). */
    public static Parsed<Org> readOrgs(Path file) throws IOException {
        List<LineProblem> problems = new ArrayList<>();
        Parsed<Fields> parsed = read(file, REQUIRED, problems);
        List<Org> orgs = new ArrayList<>();
        for (Fields f : parsed.rows()) {
            orgs.add(org(f, f.line(), 1));
        }
        return new Parsed<>(parsed.format(), orgs, problems);
    }

    /** A results file, as {@code submit} wrote it: each row's organisation and how it ended. */
    public static Parsed<Result> readResults(Path file) throws IOException {
        List<String> required = new ArrayList<>(REQUIRED);
        required.addAll(List.of("requestId", "status"));
        List<LineProblem> problems = new ArrayList<>();
        Parsed<Fields> parsed = read(file, required, problems);
        List<Result> results = new ArrayList<>();
        for (Fields f : parsed.rows()) {
            Optional<Integer> line = number(f, "line", problems);
            Optional<Integer> attempt = number(f, "attempt", problems);
            if (line.isEmpty() || attempt.isEmpty()) {
                continue;
            }
            results.add(new Result(org(f, line.get(), attempt.get()), f.get("requestId"), f.get("status"),
                    Boolean.parseBoolean(f.get("replay")), f.get("jobStatus"), f.get("reason"), f.get("hint"),
                    f.get("startedAt"), f.get("finishedAt")));
        }
        return new Parsed<>(parsed.format(), results, problems);
    }

    private static Org org(Fields f, int line, int attempt) {
        return new Org(line, f.get("orgId"), f.get("region"), f.get("configName"), f.get("keyVaultKeyIdentifier"),
                f.get("credentialRef"), f.get("deadline"), f.metadata(), attempt);
    }

    private static Optional<Integer> number(Fields f, String name, List<LineProblem> problems) {
        String text = f.get(name);
        if (text.isEmpty()) {
            return Optional.of(name.equals("line") ? f.line() : 1);
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1) {
                return Optional.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new LineProblem(f.line(), name, text, "must be a whole number of 1 or more"));
        return Optional.empty();
    }

    private static Parsed<Fields> read(Path file, List<String> required, List<LineProblem> problems)
            throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        FileFormat format = FileFormat.of(file, text);
        List<Fields> rows = format == FileFormat.CSV ? csv(text, required, problems) : jsonLines(text, required,
                problems);
        return new Parsed<>(format, rows, problems);
    }

    private static List<Fields> csv(String text, List<String> required, List<LineProblem> problems) {
        List<Csv.Record> records = Csv.parse(text).stream().filter(r -> !r.blank()).toList();
        if (records.isEmpty()) {
            throw new IllegalArgumentException("the file is empty: a CSV file starts with a header row naming the"
                    + " columns " + String.join(",", REQUIRED));
        }
        List<String> header = new ArrayList<>();
        for (String column : records.get(0).fields()) {
            String name = column.strip().toLowerCase(Locale.ROOT).startsWith(METADATA + ".")
                    ? METADATA + "." + column.strip().substring(METADATA.length() + 1) : canonical(column);
            if (name.isEmpty() || header.contains(name)) {
                throw new IllegalArgumentException("the header row names " + (name.isEmpty() ? "an unknown" : "twice the")
                        + " column '" + column.strip() + "' (columns: " + String.join(", ", INPUT) + ", "
                        + METADATA + ".<key>; results files add " + String.join(", ", RESULT) + ")");
            }
            header.add(name);
        }
        for (String name : required) {
            if (!header.contains(name)) {
                throw new IllegalArgumentException("the header row has no column " + name + " (it has "
                        + String.join(",", records.get(0).fields()) + ")");
            }
        }
        List<Fields> rows = new ArrayList<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            if (record.fields().size() != header.size()) {
                problems.add(LineProblem.ofLine(record.line(), record.fields().size() + " fields, but the header has "
                        + header.size()));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String value = record.fields().get(i);
                if (header.get(i).startsWith(METADATA + ".")) {
                    if (!value.isEmpty()) {
                        metadata.put(header.get(i).substring(METADATA.length() + 1), value);
                    }
                } else {
                    values.put(header.get(i), value);
                }
            }
            rows.add(new Fields(record.line(), values, metadata));
        }
        return rows;
    }

    private static List<Fields> jsonLines(String text, List<String> required, List<LineProblem> problems) {
        List<Fields> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String l = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (l.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(l);
            } catch (JsonProcessingException e) {
                problems.add(LineProblem.ofLine(line, "not JSON: " + e.getOriginalMessage()));
                continue;
            }
            if (node == null || !node.isObject()) {
                problems.add(LineProblem.ofLine(line, "must be one JSON object"));
                continue;
            }
            fields(line, node, required, problems).ifPresent(rows::add);
        }
        return rows;
    }

    private static Optional<Fields> fields(int line, JsonNode node, List<String> required, List<LineProblem> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        int before = problems.size();
        node.fields().forEachRemaining(e -> {
            String name = e.getKey().equalsIgnoreCase(METADATA) ? METADATA : canonical(e.getKey());
            JsonNode value = e.getValue();
            if (name.equals(METADATA)) {
                if (value.isObject()) {
                    value.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().isValueNode()
                            ? m.getValue().asText() : m.getValue().toString()));
                } else if (!value.isNull()) {
                    problems.add(new LineProblem(line, METADATA, value.toString(), "must be an object of strings"));
                }
            } else if (name.isEmpty()) {
                problems.add(new LineProblem(line, e.getKey(), "", "is not a field of a submit file (fields: "
                        + String.join(", ", INPUT) + ", " + METADATA + ")"));
            } else if (!value.isNull()) {
                values.put(name, value.isValueNode() ? value.asText() : value.toString());
            }
        });
        for (String name : required) {
            if (!values.containsKey(name)) {
                problems.add(new LineProblem(line, name, "", "is required"));
            }
        }
        return problems.size() == before ? Optional.of(new Fields(line, values, metadata)) : Optional.empty();
    }

    /** The canonical name of a column or field, or "" when it is not one; unknown CSV columns are an error. */
    private static String canonical(String name) {
        String n = name.strip();
        for (String known : INPUT) {
            if (known.equalsIgnoreCase(n)) {
                return known;
            }
        }
        for (String known : RESULT) {
            if (known.equalsIgnoreCase(n)) {
                return known;
            }
        }
        return "";
    }
}
