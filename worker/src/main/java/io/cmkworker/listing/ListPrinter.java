package io.cmkworker.listing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cmkworker.domain.SafeText;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Prints a list item by item (so a list that is followed prints as it grows) in one {@link ListFormat}: the
 * table escapes and cuts text from input so that one item is one line; CSV quotes; JSON writes one object per
 * line. Data goes to {@code out}; what is said about the list ({@link #footer}) goes there too in a table, and
 * to {@code err} otherwise, so CSV and JSON output stays data only.
 */
public final class ListPrinter<T> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ListFormat format;
    private final List<Column<T>> columns;
    private final PrintStream out;
    private final PrintStream err;

    public ListPrinter(ListFormat format, List<Column<T>> columns, PrintStream out, PrintStream err) {
        this.format = Objects.requireNonNull(format, "format");
        this.columns = columns.stream().filter(c -> c.formats().contains(format)).toList();
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("no column to show in " + format);
        }
    }

    public ListFormat format() {
        return format;
    }

    /** The table's headings or the CSV header row; nothing in JSON. */
    public void header() {
        switch (format) {
            case TABLE -> out.println(tableLine(columns.stream().map(Column::heading).toList(), false));
            case CSV -> out.println(CsvLine.of(columns.stream().map(Column::name).toList()));
            case JSON -> { }
        }
    }

    public void row(T item) {
        switch (format) {
            case TABLE -> out.println(tableLine(columns.stream().map(c -> text(c.value().apply(item))).toList(), true));
            case CSV -> out.println(CsvLine.of(columns.stream().map(c -> text(c.value().apply(item))).toList()));
            case JSON -> out.println(json(item));
        }
    }

    /** A line about the list (how many, what a mark means): after the table, or on {@code err}. */
    public void footer(String text) {
        (format == ListFormat.TABLE ? out : err).println(text);
    }

    /** The cells padded to their columns' widths; with {@code cut}, escaped and cut to them first. */
    private String tableLine(List<String> cells, boolean cut) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            int width = columns.get(i).width();
            String cell = cut ? SafeText.of(cells.get(i), width) : cells.get(i);
            boolean last = i == cells.size() - 1;
            line.append(last ? cell : String.format("%-" + width + "s ", cell));
        }
        return line.toString();
    }

    private String json(T item) {
        ObjectNode node = JSON.createObjectNode();
        for (Column<T> column : columns) {
            Object value = column.value().apply(item);
            if (value == null) {
                node.putNull(column.name());
            } else if (value instanceof Boolean b) {
                node.put(column.name(), b);
            } else if (value instanceof Integer || value instanceof Long) {
                node.put(column.name(), ((Number) value).longValue());
            } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                node.set(column.name(), JSON.valueToTree(value));
            } else {
                node.put(column.name(), value.toString());
            }
        }
        return write(node);
    }

    /** A value as text: empty for null, ISO-8601 for a time, JSON for a map or a list. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            return write(JSON.valueToTree(value));
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value.toString();
    }

    private static String write(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
