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
            if (label != null && !hasLabel(line.substring(end, labelsEnd), label)) {
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
