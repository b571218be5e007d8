package io.cmkworker.listing;

import java.util.List;

/** One RFC 4180 CSV line: a field that holds a comma, a quote, a line break or outer spaces is quoted. */
public final class CsvLine {

    private CsvLine() {
    }

    public static String of(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")
                    || !f.equals(f.strip())) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        return out.toString();
    }
}
