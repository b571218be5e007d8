package io.cmkworker.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * How {@code preflight} and {@code app-registration --file} print a list: an aligned table for people, CSV
 * (RFC 4180, a header row) or one JSON document for programs.
 */
public enum OutputFormat {
    TABLE, CSV, JSON;

    /** One CSV record, quoting the fields that need it (commas, quotes, line breaks, outer spaces). */
    static String csvLine(List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String field : fields) {
            String f = field == null ? "" : field;
            boolean quote = f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    || !f.equals(f.strip());
            out.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
        }
        return String.join(",", out);
    }

    /** Rows under a header, each column as wide as its widest cell; the last column is not padded. */
    static List<String> table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == widths.length - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
