package io.cmkworker.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link BenchReport} as a plain-text table: one block per scenario, one line per figure. */
public final class BenchTable {

    private static final String ROW = "  %-52s %16s  %-12s %s%n";

    private BenchTable() {
    }

    public static void print(BenchReport report, PrintStream out) {
        Machine m = report.machine();
        out.printf("cmk-worker bench, %s: %s%n", report.startedAt(), report.command());
        out.printf("Machine: %d cores, %,d MB, %s; Java %s, %s%n", m.cores(), m.memoryMb(), m.os(), m.javaVersion(),
                m.javaVm());
        out.printf("Sizes: %s%n", sizes(report.sizes()));
        out.println();
        out.printf(ROW, "Figure", "Value", "Target", "Result");
        for (ScenarioResult result : report.scenarios()) {
            out.printf("%s  (%.0f s)%n", result.title(), result.seconds());
            if (!result.parameters().isEmpty()) {
                out.printf("  ran with: %s%n", sizes(result.parameters()));
            }
            for (Figure figure : result.figures()) {
                Boolean pass = figure.pass();
                out.printf(ROW, figure.label(), value(figure), figure.target() == null ? "-" : target(figure),
                        pass == null ? "" : pass ? "pass" : "MISS");
            }
            for (String note : result.notes()) {
                out.printf("  note: %s%n", note);
            }
            if (result.error() != null) {
                out.printf("  FAILED: %s%n", result.error());
            }
        }
        out.println();
        out.printf("%d figures, %d missed their target, %d scenario(s) failed; %.0f s in all.%n",
                report.scenarios().stream().mapToInt(r -> r.figures().size()).sum(), report.misses(), report.failures(),
                report.seconds());
    }

    /** The value with its unit, as precise as the unit deserves. */
    static String value(Figure figure) {
        return number(figure.value(), figure.unit()) + " " + figure.unit();
    }

    /** The target as text, for example {@code < 250 ms}. */
    static String target(Figure figure) {
        Target t = figure.target();
        return t.comparison().symbol() + " " + number(t.bound(), figure.unit()) + " " + figure.unit();
    }

    private static String number(double v, String unit) {
        String pattern = switch (unit) {
            case "x" -> "%.2f";
            case "s", "MB" -> "%,.1f";
            default -> v != Math.rint(v) && Math.abs(v) < 100 ? "%,.1f" : "%,.0f";
        };
        return String.format(Locale.ROOT, pattern, v);
    }

    private static String sizes(Map<String, Object> values) {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return out.toString();
    }
}
