package io.cmkworker.kafka.delay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelayTiersTest {

    private static final String PREFIX = "cmk.onboarding.delay";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00.123Z");

    private final DelayTiers tiers = new DelayTiers(PREFIX,
            List.of(secs(60), secs(1), secs(15), secs(5), secs(30)));

    @Test
    void namesOneTopicPerTierInAscendingOrder() {
        assertThat(tiers.topics()).containsExactly(
                PREFIX + ".1s", PREFIX + ".5s", PREFIX + ".15s", PREFIX + ".30s", PREFIX + ".1m");
    }

    @Test
    void namesSubSecondAndHourTiersInTheirShortestForm() {
        DelayTiers other = new DelayTiers("p", List.of(Duration.ofMillis(500), secs(5), Duration.ofHours(1)));

        assertThat(other.topics()).containsExactly("p.500ms", "p.5s", "p.1h");
    }

    @Test
    void tierOfADelayTopicIsItsDelay() {
        assertThat(tiers.tierOf(PREFIX + ".1s")).contains(secs(1));
        assertThat(tiers.tierOf(PREFIX + ".5s")).contains(secs(5));
        assertThat(tiers.tierOf(PREFIX + ".1m")).contains(secs(60));
    }

    @Test
    void tierOfAnyOtherTopicIsEmpty() {
        assertThat(tiers.tierOf("cmk.onboarding.requests")).isEmpty();
        assertThat(tiers.tierOf(PREFIX + ".2s")).isEmpty();
        assertThat(tiers.tierOf(PREFIX + ".60s")).isEmpty();
        assertThat(tiers.tierOf(PREFIX)).isEmpty();
    }

    @Test
    void granularityIsTheSmallestTier() {
        assertThat(tiers.granularity()).isEqualTo(secs(1));
    }

    @Test
    void roundsUpToTheSmallestTier() {
        assertThat(tiers.roundUp(Duration.ZERO)).isEqualTo(secs(1));
        assertThat(tiers.roundUp(Duration.ofMillis(1))).isEqualTo(secs(1));
        assertThat(tiers.roundUp(Duration.ofMillis(999))).isEqualTo(secs(1));
        assertThat(tiers.roundUp(secs(1))).isEqualTo(secs(1));
        assertThat(tiers.roundUp(Duration.ofMillis(1001))).isEqualTo(secs(2));
        assertThat(tiers.roundUp(Duration.ofMillis(36_200))).isEqualTo(secs(37));
        assertThat(tiers.roundUp(secs(60))).isEqualTo(secs(60));
    }

    @Test
    void roundsUpToACoarserSmallestTier() {
        DelayTiers coarse = new DelayTiers("p", List.of(secs(5), secs(15), secs(60)));

        assertThat(coarse.roundUp(secs(1))).isEqualTo(secs(5));
        assertThat(coarse.roundUp(secs(5))).isEqualTo(secs(5));
        assertThat(coarse.roundUp(secs(6))).isEqualTo(secs(10));
        assertThat(coarse.roundUp(secs(61))).isEqualTo(secs(65));
    }

    @Test
    void negativeDelayRoundsUpToOneTier() {
        assertThat(tiers.roundUp(secs(-10))).isEqualTo(secs(1));
    }

    @Test
    void delayOfExactlyOneTierIsOneHop() {
        Instant due = NOW.plus(secs(15));

        DelayTiers.Hop hop = tiers.firstHop(NOW, due);

        assertThat(hop).isEqualTo(new DelayTiers.Hop(PREFIX + ".15s", secs(15), NOW));
        assertThat(hop.timestamp().plus(hop.tier())).isEqualTo(due);
    }

    @Test
    void thirtySevenSecondsIsThirtyThenFiveThenOneThenOne() {
        assertThat(chain(tiers, NOW, NOW.plus(secs(37))))
                .extracting(DelayTiers.Hop::tier)
                .containsExactly(secs(30), secs(5), secs(1), secs(1));
    }

    @Test
    void sixtyOneSecondsIsOneMinuteThenOneSecond() {
        List<DelayTiers.Hop> hops = chain(tiers, NOW, NOW.plus(secs(61)));

        assertThat(hops).containsExactly(
                new DelayTiers.Hop(PREFIX + ".1m", secs(60), NOW),
                new DelayTiers.Hop(PREFIX + ".1s", secs(1), NOW.plus(secs(60))));
    }

    @Test
    void eachHopIsStampedWithThePreviousRelease() {
        List<DelayTiers.Hop> hops = chain(tiers, NOW, NOW.plus(secs(97)));

        Instant expected = NOW;
        for (DelayTiers.Hop hop : hops) {
            assertThat(hop.timestamp()).isEqualTo(expected);
            expected = hop.timestamp().plus(hop.tier());
        }
        assertThat(expected).isEqualTo(NOW.plus(secs(97)));
    }

    @Test
    void chainEndsExactlyAtTheDueTimeUsingTheLargestTierEachTime() {
        List<Duration> tierList = List.of(secs(1), secs(5), secs(15), secs(30), secs(60));
        for (long s = 1; s <= 600; s++) {
            Duration delay = secs(s);
            Instant due = NOW.plus(tiers.roundUp(delay));

            Instant release = NOW;
            for (DelayTiers.Hop hop : chain(tiers, NOW, due)) {
                Duration remaining = Duration.between(release, due);
                assertThat(hop.timestamp()).as("delay %s: hop stamped with the previous release", delay)
                        .isEqualTo(release);
                assertThat(hop.tier()).as("delay %s: hop with %s left", delay, remaining)
                        .isEqualTo(largestTierAtMost(remaining, tierList));
                assertThat(hop.topic()).isEqualTo(PREFIX + "." + Durations.format(hop.tier()));
                release = hop.timestamp().plus(hop.tier());
                assertThat(release).as("delay %s: never released after the due time", delay).isBeforeOrEqualTo(due);
            }
            assertThat(release).as("delay %s: chain ends exactly at due", delay).isEqualTo(due);
        }
    }

    @Test
    void unroundedDelaysEndExactlyAtTheirRoundedDueTimeWithCoarseTiers() {
        List<Duration> tierList = List.of(secs(5), secs(15), secs(60), Duration.ofMinutes(5));
        DelayTiers coarse = new DelayTiers("p", tierList);
        for (long ms = 1; ms <= 600_000; ms += 997) {
            Duration requested = Duration.ofMillis(ms);
            Instant due = NOW.plus(coarse.roundUp(requested));

            Instant release = NOW;
            for (DelayTiers.Hop hop : chain(coarse, NOW, due)) {
                assertThat(hop.tier()).as("delay %s", requested)
                        .isEqualTo(largestTierAtMost(Duration.between(release, due), tierList));
                release = hop.timestamp().plus(hop.tier());
            }

            assertThat(release).as("delay %s: chain ends exactly at due", requested).isEqualTo(due);
            assertThat(Duration.between(NOW, due)).as("delay %s: never early", requested)
                    .isGreaterThanOrEqualTo(requested)
                    .isLessThan(requested.plus(secs(5)));
        }
    }

    /** Simulates the worker: write the first hop, then on every release the next hop, until due. */
    private static List<DelayTiers.Hop> chain(DelayTiers tiers, Instant now, Instant due) {
        List<DelayTiers.Hop> hops = new ArrayList<>();
        DelayTiers.Hop hop = tiers.firstHop(now, due);
        while (true) {
            hops.add(hop);
            assertThat(hops).as("hop chain to %s", due).hasSizeLessThan(1_000);
            Instant release = hop.timestamp().plus(hop.tier());
            if (!release.isBefore(due)) {
                return hops;
            }
            hop = tiers.nextHop(release, due);
        }
    }

    private static Duration largestTierAtMost(Duration remaining, List<Duration> tierList) {
        return tierList.stream().filter(t -> t.compareTo(remaining) <= 0).max(Duration::compareTo).orElseThrow();
    }

    private static Duration secs(long s) {
        return Duration.ofSeconds(s);
    }
}
