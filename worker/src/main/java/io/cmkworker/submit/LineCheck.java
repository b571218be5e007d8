package io.cmkworker.submit;

import java.util.List;

/**
 * A check of the lines about to be published, beyond the worker's own rules: {@code submit --preflight} asks each
 * line's key vault. A line it refuses is not published; it becomes an {@code INVALID} row of the results file, with
 * the reason and what to do.
 */
@FunctionalInterface
public interface LineCheck {

    /** No check beyond the worker's rules. */
    LineCheck NONE = lines -> List.of();

    /** A line that must not be published: why, and what to do about it. */
    record Refused(int line, String reason, String hint) {
    }

    /** The lines of {@code lines} (by their line number) that must not be published. */
    List<Refused> refused(List<Org> lines);
}
