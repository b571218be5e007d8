package io.cmkworker.submit;

import java.nio.file.Path;
import java.util.Locale;

/** The two file formats {@code submit} reads and writes. */
public enum FileFormat {
    /** Comma-separated values with a header row (RFC 4180). */
    CSV("csv"),
    /** JSON Lines: one JSON object per line. */
    JSONL("jsonl");

    private final String extension;

    FileFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    /**
     * The format a file's name says ({@code .csv}; {@code .jsonl}, {@code .ndjson}, {@code .json}), or, for
     * any other name, the one its content looks like: JSON Lines when it starts with '{'.
     */
    public static FileFormat of(Path file, String content) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return JSONL;
        }
        return content.stripLeading().startsWith("{") ? JSONL : CSV;
    }
}
