package io.cmkworker.submit;

import io.cmkworker.domain.SafeText;

/**
 * Why one line of a submit file cannot be published: the line, the field (empty for the line as a whole),
 * the offending value as given and the rule it breaks.
 */
public record LineProblem(int line, String field, String value, String reason) {

    static LineProblem ofLine(int line, String reason) {
        return new LineProblem(line, "", "", reason);
    }

    /** {@code line 17: orgId "acme": must be ...}, with the value escaped and cut. */
    @Override
    public String toString() {
        return "line " + line + ": " + withoutLine();
    }

    /** {@code orgId "acme": must be ...}. */
    public String withoutLine() {
        return (field.isEmpty() ? "" : field + " \"" + SafeText.of(value, 60) + "\": ") + reason;
    }
}
