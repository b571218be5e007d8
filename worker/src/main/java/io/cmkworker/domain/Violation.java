package io.cmkworker.domain;

import java.util.Objects;

/**
 * One reason a request is invalid.
 *
 * @param field the request field, for example {@code keyVaultKeyIdentifier}
 * @param value the offending value, made safe to show (see {@link SafeText})
 * @param rule what the value must be
 */
public record Violation(String field, String value, String rule) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(rule, "rule");
    }

    public static Violation of(String field, String rawValue, String rule) {
        return new Violation(field, SafeText.of(rawValue), rule);
    }

    @Override
    public String toString() {
        return field + " '" + value + "': " + rule;
    }
}
