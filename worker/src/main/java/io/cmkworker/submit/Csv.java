package io.cmkworker.submit;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, a field in double quotes may hold commas, quotes (doubled)
 * and line breaks; records end with CRLF or LF. A leading byte-order mark is ignored.
 */
final class Csv {

    /** One record and the line of the file it starts on (1-based). */
    record Record(int line, List<String> fields) {
        Record {
            fields = List.copyOf(fields);
        }

        boolean blank() {
            return fields.size() == 1 && fields.get(0).isBlank();
        }
    }

    private Csv() {
    }

    /** The records of {@code text}; an unterminated quote is an error naming the line it opened on. */
    static List<Record> parse(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < t.length() && t.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                continue;
            }
            if (c == '"' && field.isEmpty()) {
                quoted = true;
                quoteLine = line;
                any = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                out.add(new Record(recordLine, fields));
                fields = new ArrayList<>();
                field.setLength(0);
                any = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + quoteLine + ": a quoted field is not closed");
        }
        if (any || !field.isEmpty()) {
            fields.add(field.toString());
            out.add(new Record(recordLine, fields));
        }
        return out;
    }
}
