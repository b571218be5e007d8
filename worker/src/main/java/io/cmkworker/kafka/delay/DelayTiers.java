package io.cmkworker.kafka.delay;

import io.cmkworker.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delays as hops through topics of fixed delay. A record written to tier {@code T} at timestamp
 * {@code ts} is released at {@code ts + T}; since every record of a tier waits the same {@code T},
 * a partition's head is always the next to be released. A delay that is not one tier is a chain of
 * hops (largest tier first), each hop stamped with the previous release time so the chain ends
 * exactly at the due time. Delays are rounded up to the smallest tier, which divides every other.
 */
public final class DelayTiers {

    /** Where and when to write a delayed record: topic of the tier, and the record timestamp. */
    public record Hop(String topic, Duration tier, Instant timestamp) {
    }

    private final List<Duration> tiers;
    private final Map<String, Duration> byTopic = new LinkedHashMap<>();
    private final Map<Duration, String> topicOf = new LinkedHashMap<>();

    public DelayTiers(String prefix, List<Duration> tiers) {
        List<Duration> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.naturalOrder());
        this.tiers = List.copyOf(sorted);
        for (Duration tier : this.tiers) {
            String topic = prefix + "." + Durations.format(tier);
            byTopic.put(topic, tier);
            topicOf.put(tier, topic);
        }
    }

    public List<String> topics() {
        return List.copyOf(byTopic.keySet());
    }

    /** The tier of a delay topic, or empty for any other topic. */
    public Optional<Duration> tierOf(String topic) {
        return Optional.ofNullable(byTopic.get(topic));
    }

    public Duration granularity() {
        return tiers.get(0);
    }

    /** {@code delay} rounded up to a whole number of the smallest tier, at least one. */
    public Duration roundUp(Duration delay) {
        long unit = granularity().toMillis();
        long ms = Math.max(delay.toMillis(), 1);
        return Duration.ofMillis(((ms + unit - 1) / unit) * unit);
    }

    /** The first hop of a delay starting {@code now}; {@code due} must be {@code now + roundUp(delay)}. */
    public Hop firstHop(Instant now, Instant due) {
        return hop(now, Duration.between(now, due));
    }

    /** The next hop of a record released at {@code release} whose due time is still ahead. */
    public Hop nextHop(Instant release, Instant due) {
        return hop(release, Duration.between(release, due));
    }

    private Hop hop(Instant from, Duration remaining) {
        Duration chosen = tiers.get(0);
        for (Duration tier : tiers) {
            if (tier.compareTo(remaining) <= 0) {
                chosen = tier;
            }
        }
        return new Hop(topicOf.get(chosen), chosen, from);
    }
}
