package io.cmkworker.listing;

import java.util.Locale;

/** How a command prints a list. */
public enum ListFormat {
    /** Aligned columns for people: text from input escaped and cut, so one item is one line. */
    TABLE,
    /** RFC 4180 CSV with a header row: every column, nothing cut. */
    CSV,
    /** JSON Lines: one JSON object per item, every field, absent values null. */
    JSON;

    /** Names a format: {@code table}, {@code csv}, {@code json} (or {@code jsonl}, the same), ignoring case. */
    public static ListFormat of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "table" -> TABLE;
            case "csv" -> CSV;
            case "json", "jsonl" -> JSON;
            default -> throw new IllegalArgumentException("'" + name + "' is not a format: table, csv or json");
        };
    }
}
