package io.cmkworker.kafka.group;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cooperative, sticky assignor that moves whole <em>slots</em>: partition {@code n} of every subscribed
 * topic goes to one member, always together, so an organisation's requests, delayed steps and ledger
 * live in one instance.
 *
 * <p>It follows the cooperative protocol (KIP-429): a member joining or leaving moves only the slots
 * that must move, and nobody else stops. A slot that moves from a live member is first taken from it
 * (it drains and commits in {@code onPartitionsRevoked}, then rejoins) and given to its new owner in
 * the follow-up rebalance; it is never handed over directly, so two live members never hold it at once.
 * A departed member's slots are free and are given out at once.
 *
 * <p>Balance: each member gets {@code slots / members} slots, and the first {@code slots % members}
 * members (those holding most) one more. Members keep the slots they hold, up to their share.
 */
public final class SlotAssignor implements ConsumerPartitionAssignor {

    /** The name members advertise; every instance of one group must use this assignor. */
    public static final String NAME = "cmk-slots";

    private static final Logger log = LoggerFactory.getLogger(SlotAssignor.class);

    /** What the assignor needs of one member: what it subscribes to, what it holds, and since when. */
    record Member(String id, Set<String> topics, List<TopicPartition> owned, int generation) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        List<Member> members = new ArrayList<>();
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        groupSubscription.groupSubscription().forEach((id, sub) -> {
            members.add(new Member(id, Set.copyOf(sub.topics()), sub.ownedPartitions(), sub.generationId().orElse(-1)));
            for (String topic : sub.topics()) {
                Integer count = metadata.partitionCountForTopic(topic);
                if (count != null) {
                    partitionsPerTopic.put(topic, count);
                }
            }
        });
        Map<String, List<TopicPartition>> plan = plan(members, partitionsPerTopic);
        Map<String, Assignment> out = new HashMap<>();
        plan.forEach((id, partitions) -> out.put(id, new Assignment(partitions)));
        return new GroupAssignment(out);
    }

    /** The assignment of every member, from who holds what now; pure, for tests. */
    static Map<String, List<TopicPartition>> plan(List<Member> members, Map<String, Integer> partitionsPerTopic) {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::id));
        int slots = partitionsPerTopic.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<String, List<TopicPartition>> result = new HashMap<>();
        sorted.forEach(m -> result.put(m.id(), new ArrayList<>()));
        if (slots == 0 || sorted.isEmpty()) {
            return result;
        }

        // Who holds each slot now: the claimant with the newest generation (a zombie's claim is older).
        Map<Integer, Member> holder = new HashMap<>();
        Map<TopicPartition, Member> claimedBy = new HashMap<>();
        for (Member m : sorted) {
            for (TopicPartition tp : m.owned()) {
                if (tp.partition() >= slots) {
                    continue;
                }
                Member other = claimedBy.get(tp);
                if (other == null || m.generation() > other.generation()) {
                    claimedBy.put(tp, m);
                }
                Member current = holder.get(tp.partition());
                if (current == null || m.generation() > current.generation()) {
                    holder.put(tp.partition(), m);
                }
            }
        }

        // Shares: those holding most get the larger ones, so fewer slots move.
        Map<String, Integer> held = new HashMap<>();
        holder.values().forEach(m -> held.merge(m.id(), 1, Integer::sum));
        List<Member> byHeld = new ArrayList<>(sorted);
        byHeld.sort(Comparator.comparing((Member m) -> -held.getOrDefault(m.id(), 0)).thenComparing(Member::id));
        Map<String, Integer> share = new HashMap<>();
        for (int i = 0; i < byHeld.size(); i++) {
            share.put(byHeld.get(i).id(), slots / sorted.size() + (i < slots % sorted.size() ? 1 : 0));
        }

        // Keep what each holds up to its share; the excess is taken back now and given out next round.
        Map<String, TreeSet<Integer>> kept = new HashMap<>();
        sorted.forEach(m -> kept.put(m.id(), new TreeSet<>()));
        Set<Integer> released = new HashSet<>();
        for (int slot = 0; slot < slots; slot++) {
            Member m = holder.get(slot);
            if (m == null) {
                continue;
            }
            if (kept.get(m.id()).size() < share.get(m.id())) {
                kept.get(m.id()).add(slot);
            } else {
                released.add(slot);
            }
        }

        // Free slots (no live holder) go at once to the members furthest below their share.
        for (int slot = 0; slot < slots; slot++) {
            if (holder.containsKey(slot) || released.contains(slot)) {
                continue;
            }
            Member taker = null;
            for (Member m : sorted) {
                int deficit = share.get(m.id()) - kept.get(m.id()).size();
                if (deficit > 0 && (taker == null || deficit > share.get(taker.id()) - kept.get(taker.id()).size())) {
                    taker = m;
                }
            }
            if (taker != null) {
                kept.get(taker.id()).add(slot);
            }
        }

        for (Member m : sorted) {
            for (int slot : kept.get(m.id())) {
                for (String topic : new TreeSet<>(m.topics())) {
                    Integer count = partitionsPerTopic.get(topic);
                    TopicPartition tp = new TopicPartition(topic, slot);
                    Member claimant = claimedBy.get(tp);
                    // Never hand over a partition another member still holds: it gives it up first.
                    if (count != null && slot < count && (claimant == null || claimant == m)) {
                        result.get(m.id()).add(tp);
                    }
                }
            }
        }
        if (!released.isEmpty()) {
            log.info("moving slots {} in two steps: taken back now, given out in the next rebalance", released);
        }
        return result;
    }
}
