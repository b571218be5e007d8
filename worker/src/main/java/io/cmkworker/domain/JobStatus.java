package io.cmkworker.domain;

import java.util.Locale;

/** The status of a Platform BYOK configuration job, as the status endpoint reports it. */
public enum JobStatus {
    NEW,
    RUNNING,
    UPDATE_EXISTING_RESOURCES,
    COMPLETED,
    FAILED,
    /** A value this worker does not know; treated as still in progress until the deadline. */
    UNKNOWN;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Parses the Platform's text; anything unrecognised (or null) is {@link #UNKNOWN}, never an error. */
    public static JobStatus parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
