package io.cmkworker.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.kafka.group.SlotAssignor.Member;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SlotAssignorTest {

    private static final Set<String> TOPICS = Set.of("requests", "delay.1s", "delay.5s", "ledger");
    private static final Map<String, Integer> PARTITIONS = Map.of("requests", 12, "delay.1s", 12, "delay.5s", 12,
            "ledger", 12);

    /** A group as the coordinator sees it: each member's partitions and generation. */
    private final Map<String, List<TopicPartition>> owned = new TreeMap<>();
    /** The assignor under test; a test of the checks themselves swaps in a broken one. */
    private BiFunction<List<Member>, Map<String, Integer>, Map<String, List<TopicPartition>>> assignor = SlotAssignor::plan;
    private final Map<String, Integer> generationOf = new HashMap<>();
    private int generation;

    @Test
    void givesEveryMemberWholeSlotsInEqualShares() {
        join("a", "b", "c");
        Map<String, List<TopicPartition>> plan = round();

        for (List<TopicPartition> partitions : plan.values()) {
            assertThat(slotsOf(partitions)).hasSize(4);
            assertThat(partitions).hasSize(4 * TOPICS.size());
        }
        assertEveryPartitionHeldOnce();
    }

    @Test
    void aJoiningMemberTakesSlotsInTwoStepsWithoutStoppingOthers() {
        join("a", "b", "c");
        settle();
        Map<String, Set<Integer>> before = slotsByMember();

        join("d");
        Map<String, List<TopicPartition>> first = round();
        // Round one only takes back: each keeps three of its four slots, the newcomer gets nothing yet.
        assertThat(first.get("d")).isEmpty();
        for (String m : List.of("a", "b", "c")) {
            assertThat(before.get(m)).containsAll(slotsOf(first.get(m)));
            assertThat(slotsOf(first.get(m))).hasSize(3);
        }
        Map<String, List<TopicPartition>> second = round();
        assertThat(slotsOf(second.get("d"))).hasSize(3);
        for (String m : List.of("a", "b", "c")) {
            assertThat(second.get(m)).containsExactlyInAnyOrderElementsOf(first.get(m));
        }
        assertEveryPartitionHeldOnce();
    }

    @Test
    void aDepartedMembersSlotsGoToTheOthersAtOnceAndTheyKeepTheirOwn() {
        join("a", "b", "c");
        settle();
        Map<String, Set<Integer>> before = slotsByMember();

        owned.remove("b");
        Map<String, List<TopicPartition>> plan = round();

        assertThat(slotsOf(plan.get("a"))).containsAll(before.get("a")).hasSize(6);
        assertThat(slotsOf(plan.get("c"))).containsAll(before.get("c")).hasSize(6);
        assertEveryPartitionHeldOnce();
    }

    @Test
    void aZombiesOlderClaimLosesToTheCurrentHolder() {
        join("a", "b");
        settle();
        int slot = slotsByMember().get("a").iterator().next();
        // "z" comes back from a long pause still claiming a slot that "a" held since a newer generation.
        owned.put("z", List.of(new TopicPartition("requests", slot)));
        generationOf.put("z", 0);

        Map<String, List<TopicPartition>> plan = round();

        assertThat(plan.get("z")).doesNotContain(new TopicPartition("requests", slot));
        assertThat(slotsOf(plan.get("a"))).contains(slot);
    }

    @Test
    void aPartitionStillHeldByAnotherMemberIsNotHandedOver() {
        join("a", "b");
        settle();
        int slot = slotsByMember().get("a").iterator().next();
        // "b" wrongly holds one partition of a's slot at the same generation (a stale view).
        List<TopicPartition> bs = new ArrayList<>(owned.get("b"));
        bs.add(new TopicPartition("delay.5s", slot));
        owned.put("b", bs);
        generationOf.put("b", generationOf.get("a"));

        Map<String, List<TopicPartition>> plan = round();

        // Whoever keeps the slot, nobody gets that partition while the other still claims it.
        for (String m : plan.keySet()) {
            String other = m.equals("a") ? "b" : "a";
            if (owned.get(other).contains(new TopicPartition("delay.5s", slot))) {
                assertThat(plan.get(m)).doesNotContain(new TopicPartition("delay.5s", slot));
            }
        }
    }

    @Test
    void convergesAndNeverHandsAPartitionToTwoMembersThroughRandomJoinsAndLeaves() {
        Random random = new Random(42);
        List<String> names = new ArrayList<>();
        join("m0");
        names.add("m0");
        for (int step = 0; step < 300; step++) {
            int action = random.nextInt(3);
            if (action == 0 && names.size() < 14) {
                String name = "m" + (step + 1);
                join(name);
                names.add(name);
            } else if (action == 1 && names.size() > 1) {
                String gone = names.remove(random.nextInt(names.size()));
                owned.remove(gone);
            }
            round();
            assertEveryPartitionHeldAtMostOnce();
            if (random.nextInt(4) == 0) {
                settle();
                assertBalanced();
            }
        }
    }

    private void join(String... members) {
        for (String m : members) {
            owned.put(m, List.of());
            generationOf.put(m, generation);
        }
    }

    /** One rebalance: the plan, checked against the cooperative rule, then applied as the consumers would. */
    private Map<String, List<TopicPartition>> round() {
        generation++;
        List<Member> members = new ArrayList<>();
        owned.forEach((id, partitions) -> members.add(new Member(id, TOPICS, partitions, generationOf.get(id))));
        Map<String, List<TopicPartition>> plan = assignor.apply(members, PARTITIONS);
        assertNoDirectTransfer(plan);
        plan.forEach((id, partitions) -> {
            owned.put(id, List.copyOf(partitions));
            generationOf.put(id, generation);
        });
        return plan;
    }

    /**
     * Rebalances until a round moves nothing (a revoking member rejoins, as the cooperative protocol does); fails if
     * the third round still moves something.
     */
    private void settle() {
        Map<String, List<TopicPartition>> before = Map.of();
        for (int i = 0; i < 3; i++) {
            before = new TreeMap<>(owned);
            round();
            if (before.equals(owned)) {
                return;
            }
        }
        assertThat(owned).as("assignment settles within three rounds").isEqualTo(before);
    }

    /** The rule the consumer coordinator enforces: a partition someone holds is never given to another at once. */
    private void assertNoDirectTransfer(Map<String, List<TopicPartition>> plan) {
        Set<TopicPartition> added = new HashSet<>();
        Set<TopicPartition> revoked = new HashSet<>();
        plan.forEach((id, partitions) -> {
            Set<TopicPartition> a = new HashSet<>(partitions);
            a.removeAll(owned.get(id));
            added.addAll(a);
            Set<TopicPartition> r = new HashSet<>(owned.get(id));
            partitions.forEach(r::remove);
            revoked.addAll(r);
        });
        added.retainAll(revoked);
        assertThat(added).as("partitions handed over directly").isEmpty();
    }

    private void assertEveryPartitionHeldOnce() {
        assertEveryPartitionHeldAtMostOnce();
        int total = owned.values().stream().mapToInt(List::size).sum();
        assertThat(total).isEqualTo(12 * TOPICS.size());
        for (Set<Integer> slots : slotsByMember().values()) {
            for (List<TopicPartition> partitions : owned.values()) {
                Set<Integer> mine = slotsOf(partitions);
                if (mine.equals(slots)) {
                    assertThat(partitions).hasSize(mine.size() * TOPICS.size());
                }
            }
        }
    }

    private void assertEveryPartitionHeldAtMostOnce() {
        Map<TopicPartition, String> holder = new HashMap<>();
        owned.forEach((id, partitions) -> partitions.forEach(tp -> {
            String previous = holder.put(tp, id);
            assertThat(previous).as("%s held by %s and %s", tp, previous, id).isNull();
        }));
    }

    private void assertBalanced() {
        Map<String, Set<Integer>> slots = slotsByMember();
        int min = slots.values().stream().mapToInt(Set::size).min().orElse(0);
        int max = slots.values().stream().mapToInt(Set::size).max().orElse(0);
        assertThat(max - min).as("shares %s", slots).isLessThanOrEqualTo(1);
        assertEveryPartitionHeldOnce();
    }

    private Map<String, Set<Integer>> slotsByMember() {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        owned.forEach((id, partitions) -> out.put(id, slotsOf(partitions)));
        return out;
    }

    private static Set<Integer> slotsOf(List<TopicPartition> partitions) {
        Set<Integer> slots = new TreeSet<>();
        partitions.forEach(tp -> slots.add(tp.partition()));
        return slots;
    }

    @Test
    void theSettlingCheckFailsOnAnAssignorThatNeverSettles() {
        join("a", "b");
        // Cooperative (it never hands a held partition over directly), but it takes everything back every other
        // round and gives it all out again, so it never settles.
        assignor = (members, partitions) -> {
            Map<String, List<TopicPartition>> plan = new TreeMap<>();
            boolean anyHeld = members.stream().anyMatch(m -> !m.owned().isEmpty());
            for (Member m : members) {
                plan.put(m.id(), new ArrayList<>());
            }
            if (!anyHeld) {
                partitions.forEach((topic, n) -> {
                    for (int p = 0; p < n; p++) {
                        plan.get(members.get(p % members.size()).id()).add(new TopicPartition(topic, p));
                    }
                });
            }
            return plan;
        };

        assertThatThrownBy(this::settle).isInstanceOf(AssertionError.class)
                .hasMessageContaining("assignment settles within three rounds");
    }

    @Test
    void advertisesOnlyTheCooperativeProtocol() {
        assertThat(new SlotAssignor().supportedProtocols())
                .containsExactly(ConsumerPartitionAssignor.RebalanceProtocol.COOPERATIVE);
    }
}
