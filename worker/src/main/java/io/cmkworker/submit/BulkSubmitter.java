package io.cmkworker.submit;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.kafka.topics.OutcomeReader;
import io.cmkworker.kafka.topics.RequestPublisher;
import io.cmkworker.kafka.topics.TopicSetup;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes the requests of a submission and, if asked, follows the outcomes topic (read_committed) for
 * exactly those request IDs until each has its outcome or the wait ends, showing progress as it goes.
 * The outcomes are read from the end of the topic as it was before the first request went out, so none is
 * missed, and a replay (the same request submitted before) counts like any other outcome.
 */
public final class BulkSubmitter {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final int BAR_WIDTH = 30;

    /**
     * @param follow follow the outcomes after publishing
     * @param timeout the longest wait for outcomes
     * @param every how often a plain progress line is printed (when not on a terminal)
     * @param terminal redraw one progress bar in place instead of printing lines
     */
    public record Options(boolean follow, Duration timeout, Duration every, boolean terminal) {
        public Options {
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(every, "every");
        }
    }

    private final WorkerConfig config;
    private final Clock clock;
    private final PrintStream out;

    public BulkSubmitter(WorkerConfig config, Clock clock, PrintStream out) {
        this.config = config;
        this.clock = clock;
        this.out = out;
    }

    /** One result per planned line: its outcome, or {@code PENDING} when none came (or none was awaited). */
    public List<Result> submit(List<SubmitValidator.Planned> planned, Options options) {
        TopicSetup.ensure(config);
        Map<String, SubmitValidator.Planned> byId = new LinkedHashMap<>();
        planned.forEach(p -> byId.put(p.request().getRequestId(), p));
        Map<String, Result> results = new LinkedHashMap<>();
        try (OutcomeReader reader = options.follow() ? OutcomeReader.fromEnd(config) : null) {
            Instant started = clock.instant();
            publish(planned);
            Instant published = clock.instant();
            out.printf("Published %d requests to %s in %.1f s.%n", planned.size(), config.topics().requests(),
                    Duration.between(started, published).toMillis() / 1000.0);
            if (reader != null) {
                out.printf("Waiting for their outcomes on %s (at most %s):%n", config.topics().outcomes(),
                        Progress.shortDuration(options.timeout()));
                follow(reader, byId, results, new Progress(planned.size(), published), options);
            }
        }
        List<Result> out = new ArrayList<>();
        byId.forEach((id, p) -> out.add(results.getOrDefault(id, Result.pending(p.org(), id))));
        return out;
    }

    private void publish(List<SubmitValidator.Planned> planned) {
        try (RequestPublisher publisher = new RequestPublisher(config)) {
            publisher.publishAll(planned.stream().map(SubmitValidator.Planned::request).toList());
        }
    }

    private void follow(OutcomeReader reader, Map<String, SubmitValidator.Planned> byId, Map<String, Result> results,
                        Progress progress, Options options) {
        Instant deadline = clock.instant().plus(options.timeout());
        Instant nextLine = clock.instant().plus(options.every());
        int drawn = 0;
        while (results.size() < byId.size() && clock.instant().isBefore(deadline)) {
            for (OnboardingOutcome outcome : reader.poll(POLL)) {
                SubmitValidator.Planned p = byId.get(outcome.getRequestId());
                if (p != null && !results.containsKey(outcome.getRequestId())) {
                    results.put(outcome.getRequestId(), Result.of(p.org(), outcome));
                    progress.add(outcome.getStatus().name(), outcome.getReplay(), clock.instant());
                }
            }
            Instant now = clock.instant();
            if (options.terminal()) {
                drawn = redraw(progress.bar(now, BAR_WIDTH), drawn);
            } else if (!now.isBefore(nextLine)) {
                out.println(progress.line(now));
                nextLine = now.plus(options.every());
            }
        }
        Instant now = clock.instant();
        if (options.terminal()) {
            redraw(progress.bar(now, BAR_WIDTH), drawn);
            out.println();
        } else {
            out.println(progress.line(now));
        }
        if (results.size() < byId.size()) {
            out.printf("Stopped waiting after %s: %d requests have no outcome yet (PENDING).%n",
                    Progress.shortDuration(options.timeout()), byId.size() - results.size());
        }
    }

    /** Draws {@code text} over the previous bar; returns its length. */
    private int redraw(String text, int previous) {
        out.print("\r" + text + " ".repeat(Math.max(0, previous - text.length())));
        out.flush();
        return text.length();
    }
}
