package io.cmkworker.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One measured number: what it is, its value and unit, and its target if it has one.
 *
 * @param key a stable name for scripts reading the JSON, {@code lower-case-with-dashes}
 * @param label what a person reads in the table
 * @param value the measurement, finite and non-negative
 * @param unit {@code records/s}, {@code ms}, {@code s}, {@code MB}, {@code x} (a ratio), {@code count}...
 * @param target what it should be, or null for a figure that only informs
 */
public record Figure(String key, String label, double value, String unit, Target target) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Figure {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("key must be lower-case words joined by '-', was '" + key + "'");
        }
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(unit, "unit");
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException("value of " + key + " must be finite and >= 0, was " + value);
        }
    }

    public static Figure of(String key, String label, double value, String unit) {
        return new Figure(key, label, value, unit, null);
    }

    public static Figure of(String key, String label, double value, String unit, Target target) {
        return new Figure(key, label, value, unit, target);
    }

    /** A duration as a figure in {@code s}. */
    public static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    /** A duration as a figure in {@code ms}. */
    public static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** True or false against the target; null when there is none. */
    public Boolean pass() {
        return target == null ? null : target.isMetBy(value);
    }
}
