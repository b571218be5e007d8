package io.cmkworker.submit;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code submit --retry} does with a results file: the rows that ended {@code FAILED}, {@code ERROR}
 * or {@code TIMED_OUT} are submitted again as a new attempt (so with a new request ID); every other row is
 * kept as it was.
 *
 * <p>The configuration name. The Platform has no call to update or delete a configuration, and a second
 * POST of a name that exists is answered 409, which the worker reads as "follow the existing one". So:
 * <ul>
 *   <li>{@code FAILED}: the Platform keeps the failed configuration under its name, so the retry uses a new
 *   one, the old name with {@code -r<attempt>} ({@code cmk-config} becomes {@code cmk-config-r2}, then
 *   {@code cmk-config-r3}), cut so it stays within 64 characters;</li>
 *   <li>{@code ERROR} with a job status in the row: a configuration of that name exists but is not this
 *   request's (another key), so the same applies;</li>
 *   <li>{@code TIMED_OUT} and other {@code ERROR}s: the same name. If the configuration was created, the
 *   worker's look-up finds it and follows it to its end instead of creating it again; if not, it is created.</li>
 * </ul>
 */
public final class RetryPlan {

    /** The longest configuration name the worker accepts. */
    static final int MAX_CONFIG_NAME = 64;

    /** The organisations to submit again, and the rows that stay as they are. */
    public record Plan(List<Org> resubmit, List<Result> kept) {
        public Plan {
            resubmit = List.copyOf(resubmit);
            kept = List.copyOf(kept);
        }
    }

    private RetryPlan() {
    }

    public static Plan of(List<Result> results) {
        List<Org> resubmit = new ArrayList<>();
        List<Result> kept = new ArrayList<>();
        for (Result r : results) {
            if (!Result.RETRIED.contains(r.status())) {
                kept.add(r);
                continue;
            }
            boolean nameTaken = r.status().equals("FAILED") || r.status().equals("ERROR") && !r.jobStatus().isEmpty();
            Org org = r.org();
            resubmit.add(org.retry(nameTaken ? nextName(org.configName(), org.attempt()) : org.configName()));
        }
        return new Plan(resubmit, kept);
    }

    /** The name for attempt {@code attempt + 1} of a configuration named {@code name} at {@code attempt}. */
    static String nextName(String name, int attempt) {
        String previous = "-r" + attempt;
        String base = attempt >= 2 && name.endsWith(previous) ? name.substring(0, name.length() - previous.length())
                : name;
        String suffix = "-r" + (attempt + 1);
        if (base.length() + suffix.length() > MAX_CONFIG_NAME) {
            base = base.substring(0, MAX_CONFIG_NAME - suffix.length());
        }
        return base + suffix;
    }
}
