package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.kafka.group.Slots;
import io.cmkworker.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * A load of onboarding requests put through a fleet while it is disturbed, and the checks every such run
 * must pass: exactly one outcome per request ID, none missing, one POST per configuration. It watches the
 * calls as they reach the sandbox, to tell when a slot worked again after a disturbance.
 */
final class Campaign {

    private final Harness harness;
    private final int partitions;
    private final List<OnboardingRequest> requests = new ArrayList<>();
    private final ConcurrentLinkedQueue<SandboxServer.Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final long started = System.nanoTime();

    Campaign(Harness harness, int partitions) {
        this.harness = harness;
        this.partitions = partitions;
        harness.sandbox().onCall(call -> {
            if (call.orgId() != null) {
                calls.add(call);
            }
        });
    }

    /** Publishes {@code n} new requests, each for a new organisation. */
    List<OnboardingRequest> publish(int n) {
        List<OnboardingRequest> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(Requests.valid(Harness.CREDENTIAL).build());
        }
        harness.publish(batch.toArray(OnboardingRequest[]::new));
        requests.addAll(batch);
        return batch;
    }

    int platformCalls() {
        return calls.size();
    }

    /** Every Platform call the sandbox has seen for an organisation, in order. */
    List<SandboxServer.Call> calls() {
        return List.copyOf(calls);
    }

    /** Waits until the sandbox has seen {@code n} Platform calls in all. */
    void awaitCalls(int n) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50)).until(() -> calls.size() >= n);
    }

    /** The slot an organisation's records live in. */
    int slotOf(String orgId) {
        return Slots.of(orgId, partitions);
    }

    /**
     * When the first call for an organisation of {@code slots} from an instance other than {@code gone} (its
     * calls still on the wire arrive after it died) reached the Platform at or after {@code from}.
     */
    Optional<Instant> firstCallAfter(Instant from, Set<Integer> slots, String gone) {
        return calls.stream().filter(c -> !c.at().isBefore(from) && slots.contains(slotOf(c.orgId()))
                        && !String.valueOf(c.userAgent()).endsWith("(" + gone + ")"))
                .map(SandboxServer.Call::at).min(Instant::compareTo);
    }

    /** The longest time without any call for organisations outside {@code slots} within [from, to]. */
    Duration longestSilenceOutside(Set<Integer> slots, Instant from, Instant to) {
        List<Instant> times = calls.stream()
                .filter(c -> !slots.contains(slotOf(c.orgId())) && !c.at().isBefore(from) && !c.at().isAfter(to))
                .map(SandboxServer.Call::at).sorted().toList();
        Duration longest = Duration.ZERO;
        Instant previous = from;
        for (Instant t : times) {
            Duration gap = Duration.between(previous, t);
            longest = gap.compareTo(longest) > 0 ? gap : longest;
            previous = t;
        }
        return longest;
    }

    void figure(String name, Object value) {
        figures.put(name, value);
    }

    /**
     * Waits for every request's outcome and checks the run: one outcome per request ID, none missing, every
     * one COMPLETED, one POST per configuration. Writes the figures to {@code target/campaigns/<name>.json}.
     */
    void verify(String name, Duration atMost) {
        Map<String, OnboardingOutcome> outcomes = harness.awaitExactlyOneOutcomeEach(requests.size(), atMost);
        Set<String> ids = requests.stream().map(OnboardingRequest::getRequestId).collect(Collectors.toSet());
        assertThat(outcomes.keySet()).as("exactly the requests sent got outcomes").isEqualTo(ids);
        assertThat(outcomes.values()).extracting(OnboardingOutcome::getStatus).containsOnly(OutcomeStatus.COMPLETED);
        Map<String, Integer> posts = harness.sandbox().postCounts();
        List<String> doubled = posts.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
        for (String d : doubled) {
            String org = d.substring(0, d.indexOf('/'));
            System.out.println("DOUBLE " + d + ": " + calls.stream().filter(c -> c.orgId().equals(org)).toList());
        }
        assertThat(doubled).as("configurations POSTed more than once").isEmpty();
        assertThat(posts).hasSize(requests.size());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", name);
        out.put("requests", requests.size());
        out.put("outcomes", outcomes.size());
        out.put("missing", ids.size() - outcomes.size());
        out.put("duplicateOutcomes", harness.outcomes().size() - outcomes.size());
        out.put("doublePosts", doubled.size());
        out.put("platformCalls", calls.size());
        out.put("postAnswers", calls.stream().filter(c -> c.endpoint().startsWith("POST"))
                .collect(Collectors.groupingBy(c -> c.status(), java.util.TreeMap::new, Collectors.counting())).toString());
        out.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        out.putAll(figures);
        String json = out.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + (e.getValue() instanceof Number
                ? e.getValue() : "\"" + e.getValue() + "\"")).collect(Collectors.joining(", ", "{", "}"));
        System.out.println("CAMPAIGN " + json);
        try {
            Path dir = Files.createDirectories(Path.of("target", "campaigns"));
            Files.writeString(dir.resolve(name + ".json"), json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
