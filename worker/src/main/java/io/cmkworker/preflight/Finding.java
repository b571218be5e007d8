package io.cmkworker.preflight;

import java.util.Objects;

/**
 * The result of one check of one key: passed, failed, passed with a warning, or not checked, with what was
 * found (or why it could not be checked) in words an operator acts on.
 */
public record Finding(Check check, Status status, String detail) {

    /** How a check ended. */
    public enum Status {
        PASS, WARN, FAIL, NOT_CHECKED
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    static Finding pass(Check check, String detail) {
        return new Finding(check, Status.PASS, detail);
    }

    static Finding warn(Check check, String detail) {
        return new Finding(check, Status.WARN, detail);
    }

    static Finding fail(Check check, String detail) {
        return new Finding(check, Status.FAIL, detail);
    }

    static Finding notChecked(Check check, String why) {
        return new Finding(check, Status.NOT_CHECKED, why);
    }

    /** {@code FAIL enabled: the key is disabled}. */
    @Override
    public String toString() {
        return status + " " + check.label() + (detail.isEmpty() ? "" : ": " + detail);
    }
}
