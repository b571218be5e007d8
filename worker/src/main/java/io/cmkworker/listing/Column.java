package io.cmkworker.listing;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One column of a list.
 *
 * @param name the CSV header and the JSON key ({@code finishedAt}); in capitals, words apart, the table's
 *     heading ({@code FINISHED AT})
 * @param formats the formats that show it: a table shows fewer columns than CSV, JSON can hold nested values
 * @param width in a table, how many characters the value may take (longer text is cut); the last column is
 *     not padded
 * @param value the item's value: text, a number, a boolean, a time, an enum, a map or a list (JSON keeps the
 *     nesting; CSV and the table show it as JSON text), or null
 */
public record Column<T>(String name, Set<ListFormat> formats, int width, Function<T, ?> value) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        formats = Set.copyOf(formats);
        if (formats.contains(ListFormat.TABLE) && width < 1) {
            throw new IllegalArgumentException("width of table column " + name + " must be at least 1, was " + width);
        }
    }

    /** In every format. */
    public static <T> Column<T> everywhere(String name, int width, Function<T, ?> value) {
        return new Column<>(name, EnumSet.allOf(ListFormat.class), width, value);
    }

    /** In the table only (a shorter form of a value the data formats give whole). */
    public static <T> Column<T> table(String name, int width, Function<T, ?> value) {
        return new Column<>(name, EnumSet.of(ListFormat.TABLE), width, value);
    }

    /** In CSV and JSON. */
    public static <T> Column<T> data(String name, Function<T, ?> value) {
        return new Column<>(name, EnumSet.of(ListFormat.CSV, ListFormat.JSON), 0, value);
    }

    /** In CSV only (a flat form of what JSON gives nested). */
    public static <T> Column<T> csv(String name, Function<T, ?> value) {
        return new Column<>(name, EnumSet.of(ListFormat.CSV), 0, value);
    }

    /** In JSON only. */
    public static <T> Column<T> json(String name, Function<T, ?> value) {
        return new Column<>(name, EnumSet.of(ListFormat.JSON), 0, value);
    }

    /** {@code finishedAt} as a table heading: {@code FINISHED AT}. */
    public String heading() {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
    }
}
