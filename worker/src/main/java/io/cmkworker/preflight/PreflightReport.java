package io.cmkworker.preflight;

import io.cmkworker.preflight.Finding.Status;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A preflight of a file or a key: one {@link KeyReport} per line, in file order, and the exit code the
 * {@code preflight} command ends with.
 *
 * @param checkedWith how Azure was reached ({@link AzureAccess#description()})
 */
public record PreflightReport(String checkedWith, Instant at, List<KeyReport> keys) {

    /** No check failed (some may not have been made: they are listed). */
    public static final int OK = 0;
    /** The preflight could not run at all. */
    public static final int ERROR = 1;
    /** A usage error or an unreadable file: nothing was checked. */
    public static final int USAGE = 2;
    /** At least one key failed a check. */
    public static final int FAILED = 3;
    /** With {@code --strict}: none failed, but some checks could not be made. */
    public static final int INCOMPLETE = 4;

    public PreflightReport {
        Objects.requireNonNull(checkedWith, "checkedWith");
        Objects.requireNonNull(at, "at");
        keys = List.copyOf(keys);
    }

    /** How many lines ended with each verdict. */
    public Map<Status, Integer> verdicts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        keys.forEach(k -> counts.merge(k.verdict(), 1, Integer::sum));
        return counts;
    }

    /** The lines that failed a check: {@code submit --preflight} publishes none of them. */
    public List<KeyReport> failed() {
        return keys.stream().filter(KeyReport::failed).toList();
    }

    /** {@link #FAILED} if any line failed; with {@code strict}, {@link #INCOMPLETE} if any check was not made; else {@link #OK}. */
    public int exitCode(boolean strict) {
        Map<Status, Integer> verdicts = verdicts();
        if (verdicts.get(Status.FAIL) > 0) {
            return FAILED;
        }
        return strict && verdicts.get(Status.NOT_CHECKED) > 0 ? INCOMPLETE : OK;
    }
}
