package io.cmkworker.bench;

import java.util.Objects;

/**
 * What a figure should be, from issue 9's targets: at most, below, or at least a bound.
 *
 * @param comparison how the value is judged against {@code bound}
 * @param bound the limit, in the figure's unit
 */
public record Target(Comparison comparison, double bound) {

    /** How a value is compared with the bound. */
    public enum Comparison {
        AT_MOST("<="), BELOW("<"), AT_LEAST(">=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Target {
        Objects.requireNonNull(comparison, "comparison");
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("bound must be a finite number, was " + bound);
        }
    }

    public static Target atMost(double bound) {
        return new Target(Comparison.AT_MOST, bound);
    }

    public static Target below(double bound) {
        return new Target(Comparison.BELOW, bound);
    }

    public static Target atLeast(double bound) {
        return new Target(Comparison.AT_LEAST, bound);
    }

    public boolean isMetBy(double value) {
        return switch (comparison) {
            case AT_MOST -> value <= bound;
            case BELOW -> value < bound;
            case AT_LEAST -> value >= bound;
        };
    }
}
