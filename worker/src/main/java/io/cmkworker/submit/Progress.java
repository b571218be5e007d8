package io.cmkworker.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a submission is (or the look-ups of {@code status --file}): outcomes received of those awaited, by
 * status, the rate at which they arrive and the time left at that rate. Rendered as a bar redrawn in place on a terminal, or as a plain line for a
 * log. Times are given, never read from a clock here, so every rendering is tested exactly.
 */
public final class Progress {

    private static final List<String> ORDER = List.of("COMPLETED", "FAILED", "ERROR", "TIMED_OUT", "REJECTED");

    private final int total;
    private final Instant start;
    private final String noun;
    private final Map<String, Integer> byStatus = new LinkedHashMap<>();
    private int done;
    private int replays;
    private Instant firstOutcome;

    /**
     * @param total the outcomes awaited
     * @param start when the requests were published
     */
    public Progress(int total, Instant start) {
        this(total, start, "outcomes");
    }

    /**
     * @param total the answers awaited
     * @param start when the first question went out
     * @param noun what the answers are, in a plain line: {@code 412/1000 outcomes}
     */
    public Progress(int total, Instant start, String noun) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be 0 or more, was " + total);
        }
        this.total = total;
        this.start = Objects.requireNonNull(start, "start");
        this.noun = Objects.requireNonNull(noun, "noun");
        ORDER.forEach(s -> byStatus.put(s, 0));
    }

    /** An outcome arrived at {@code at}. */
    public void add(String status, boolean replay, Instant at) {
        if (firstOutcome == null) {
            firstOutcome = at;
        }
        byStatus.merge(status, 1, Integer::sum);
        done++;
        if (replay) {
            replays++;
        }
    }

    public int done() {
        return done;
    }

    public int total() {
        return total;
    }

    public int replays() {
        return replays;
    }

    public int count(String status) {
        return byStatus.getOrDefault(status, 0);
    }

    /**
     * Outcomes per second. While they arrive: since the first one (the wait before it is the length of one
     * onboarding, not the pace at which they finish), and 0 until a second has passed since then. Once all
     * are in: since the start, the whole run's throughput.
     */
    public double rate(Instant now) {
        if (firstOutcome == null) {
            return 0;
        }
        if (done >= total) {
            return done / Math.max(Duration.between(start, now).toMillis() / 1000.0, 0.001);
        }
        double seconds = Duration.between(firstOutcome, now).toMillis() / 1000.0;
        return seconds < 1 ? 0 : done / seconds;
    }

    /** The time left at the current rate; empty until there is a rate. */
    public Optional<Duration> eta(Instant now) {
        double rate = rate(now);
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.round((total - done) / rate * 1000)));
    }

    /** {@code [########............]  412/1000  COMPLETED 398  FAILED 9  ERROR 5  21.4/s  ETA 27s} */
    public String bar(Instant now, int width) {
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        List<String> counts = counts(" ");
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]  " + done + "/" + total + "  "
                + (counts.isEmpty() ? "" : String.join("  ", counts) + "  ") + String.format("%.1f/s", rate(now))
                + "  ETA " + eta(now).map(Progress::shortDuration).orElse("-");
    }

    /** {@code [ 12.0 s] 412/1000 outcomes: COMPLETED 398, FAILED 9, ERROR 5; 21.4/s, ETA 27s} */
    public String line(Instant now) {
        List<String> counts = counts(" ");
        return String.format("[%5.1f s] %d/%d %s", Duration.between(start, now).toMillis() / 1000.0, done, total, noun)
                + (counts.isEmpty() ? "" : ": " + String.join(", ", counts))
                + String.format("; %.1f/s, ETA %s", rate(now), eta(now).map(Progress::shortDuration).orElse("-"));
    }

    /** The non-zero counts, in a fixed order: {@code COMPLETED 398}. */
    public List<String> counts(String separator) {
        List<String> out = new ArrayList<>();
        byStatus.forEach((status, n) -> {
            if (n > 0) {
                out.add(status + separator + n);
            }
        });
        return out;
    }

    static String shortDuration(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : String.format("%02dm", s % 3600 / 60));
    }
}
