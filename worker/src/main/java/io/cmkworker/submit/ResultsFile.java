package io.cmkworker.submit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.listing.CsvLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the results of a submission, one row per organisation, as CSV or JSON Lines: first the request ID
 * and how it ended ({@link #COLUMNS}: status, reason, hint, times), then everything needed to submit it
 * again, so the file is both the to-do list and the input of {@code submit --retry}. The file is written
 * to a temporary file first and moved into place, so a reader never sees half of it.
 */
public final class ResultsFile {

    /** The columns, in order; CSV files add one {@code metadata.<key>} column per metadata key. */
    public static final List<String> COLUMNS = List.of("requestId", "orgId", "configName", "status", "reason", "hint",
            "startedAt", "finishedAt", "region", "keyVaultKeyIdentifier", "credentialRef", "deadline", "attempt", "line",
            "replay", "jobStatus");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsFile() {
    }

    public static void write(Path file, FileFormat format, List<Result> results) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (String line : format == FileFormat.CSV ? csv(results) : jsonLines(results)) {
                    out.write(line);
                    out.write('\n');
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Where the results of submitting {@code input} go unless told otherwise: next to it, named after it
     * ({@code orgs.csv} gives {@code orgs.results.csv}); for a retry whose highest attempt is {@code attempt},
     * {@code orgs.r2.results.csv}, {@code orgs.r3.results.csv} and so on.
     */
    public static Path defaultPath(Path input, FileFormat format, int attempt) {
        String name = input.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceFirst("\\.results$", "")
                .replaceFirst("\\.r\\d+$", "");
        return input.resolveSibling(stem + (attempt > 1 ? ".r" + attempt : "") + ".results." + format.extension());
    }

    static List<String> csv(List<Result> results) {
        TreeSet<String> keys = new TreeSet<>();
        results.forEach(r -> keys.addAll(r.org().metadata().keySet()));
        List<String> header = new ArrayList<>(COLUMNS);
        keys.forEach(k -> header.add(SubmitFile.METADATA + "." + k));
        List<String> lines = new ArrayList<>();
        lines.add(CsvLine.of(header));
        for (Result r : results) {
            List<String> row = new ArrayList<>(values(r));
            keys.forEach(k -> row.add(r.org().metadata().getOrDefault(k, "")));
            lines.add(CsvLine.of(row));
        }
        return lines;
    }

    static List<String> jsonLines(List<Result> results) {
        List<String> lines = new ArrayList<>();
        for (Result r : results) {
            ObjectNode node = JSON.createObjectNode();
            List<String> values = values(r);
            for (int i = 0; i < COLUMNS.size(); i++) {
                String column = COLUMNS.get(i);
                String value = values.get(i);
                switch (column) {
                    case "attempt", "line" -> node.put(column, Integer.parseInt(value));
                    case "replay" -> node.put(column, Boolean.parseBoolean(value));
                    default -> {
                        if (value.isEmpty()) {
                            node.putNull(column);
                        } else {
                            node.put(column, value);
                        }
                    }
                }
            }
            ObjectNode metadata = node.putObject(SubmitFile.METADATA);
            r.org().metadata().forEach(metadata::put);
            try {
                lines.add(JSON.writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    /** A row's values in {@link #COLUMNS} order, as text. */
    private static List<String> values(Result r) {
        Org o = r.org();
        Map<String, String> byColumn = Map.ofEntries(Map.entry("requestId", r.requestId()),
                Map.entry("orgId", o.orgId()), Map.entry("configName", o.configName()), Map.entry("status", r.status()),
                Map.entry("reason", r.reason()), Map.entry("hint", r.hint()), Map.entry("startedAt", r.startedAt()),
                Map.entry("finishedAt", r.finishedAt()), Map.entry("region", o.region()),
                Map.entry("keyVaultKeyIdentifier", o.keyVaultKeyIdentifier()), Map.entry("credentialRef",
                        o.credentialRef()), Map.entry("deadline", o.deadline()),
                Map.entry("attempt", Integer.toString(o.attempt())), Map.entry("line", Integer.toString(o.line())),
                Map.entry("replay", Boolean.toString(r.replay())), Map.entry("jobStatus", r.jobStatus()));
        return COLUMNS.stream().map(byColumn::get).toList();
    }
}
