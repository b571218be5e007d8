package io.cmkworker.status;

import io.cmkworker.submit.Result;
import java.util.Objects;

/**
 * One row of a results file before and after its look-up.
 *
 * @param note what the look-up says about this row: what changed, why it was not looked up, or what the job's
 *     status means
 */
public record Refreshed(Result before, Result after, LookedUp lookup, String note) {

    public Refreshed {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(lookup, "lookup");
        Objects.requireNonNull(note, "note");
    }

    public boolean changed() {
        return !before.status().equals(after.status());
    }
}
