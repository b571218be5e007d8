package io.cmkworker.bench;

/** Reads numbers from the Prometheus text format that a worker's {@code /metrics} serves. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of every sample of {@code metric} (all label sets); 0 when there is none. */
    public static double sum(String text, String metric) {
        return sum(text, metric, null);
    }

    /**
     * The sum of the samples of {@code metric} whose labels include {@code label} (as written, e.g.
     * {@code queue="kafka"}; null for every sample); 0 when there is none.
     */
    public static double sum(String text, String metric, String label) {
        return sumWhere(text, metric, labels -> label == null || hasLabel(labels, label));
    }

    /** The sum of the samples of {@code metric} that have no label named {@code name} (a topic's, say). */
    public static double sumWithout(String text, String metric, String name) {
        return sumWhere(text, metric, labels -> !labels.startsWith("{")
                || !("," + labels.substring(1)).contains("," + name + "="));
    }

    /** The sum of the samples of {@code metric} whose label text ({@code {a="1",b="2",}}, or empty) is accepted. */
    private static double sumWhere(String text, String metric, java.util.function.Predicate<String> labels) {
        double sum = 0;
        for (String line : text.split("\\R")) {
            if (line.isEmpty() || line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int end = metric.length();
            if (line.length() <= end || line.charAt(end) != '{' && line.charAt(end) != ' ') {
                continue; // a longer name that starts the same
            }
            int labelsEnd = line.charAt(end) == '{' ? line.lastIndexOf('}') + 1 : end;
            if (!labels.test(line.substring(end, labelsEnd))) {
                continue;
            }
            String[] rest = line.substring(labelsEnd).trim().split("\\s+");
            sum += Double.parseDouble(rest[0]);
        }
        return sum;
    }

    private static boolean hasLabel(String labels, String label) {
        return labels.startsWith("{") && ("," + labels.substring(1, labels.length() - 1) + ",").contains("," + label + ",");
    }
}
