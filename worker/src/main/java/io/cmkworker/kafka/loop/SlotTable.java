package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.group.Liveness;
import io.cmkworker.kafka.group.SlotOwnership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What this instance holds: a window per assigned partition, and a hold ({@link SlotOwnership}) per slot
 * whose partitions of every input topic are all assigned. A slot's records are taken only once it is
 * <em>ready</em>: its ledger view has been read back. Used only by the poll thread.
 */
final class SlotTable {

    private final Set<String> inputTopics;
    private final Liveness liveness;
    private final Map<TopicPartition, OffsetWindow> windows = new HashMap<>();
    private final Map<Integer, SlotOwnership> owners = new HashMap<>();
    private final Set<Integer> ready = new HashSet<>();

    SlotTable(Collection<String> inputTopics, Liveness liveness) {
        this.inputTopics = Set.copyOf(inputTopics);
        this.liveness = liveness;
    }

    /**
     * Partitions were assigned: a window for each, and a new hold for each slot now complete.
     *
     * @return the new holds; their slots must be made ready (ledger read back) before records are taken
     */
    List<SlotOwnership> assigned(Collection<TopicPartition> added, Map<TopicPartition, OffsetAndMetadata> committed) {
        Set<Integer> touched = new TreeSet<>();
        for (TopicPartition tp : added) {
            windows.put(tp, new OffsetWindow(tp, committed.get(tp)));
            touched.add(tp.partition());
        }
        List<SlotOwnership> fresh = new ArrayList<>();
        for (int slot : touched) {
            if (!owners.containsKey(slot) && complete(slot)) {
                SlotOwnership owner = new SlotOwnership(slot, liveness);
                owners.put(slot, owner);
                fresh.add(owner);
            }
        }
        return fresh;
    }

    /** The holds of the slots these partitions belong to, revoked (their leases end now). */
    List<SlotOwnership> revoke(Collection<TopicPartition> partitions) {
        List<SlotOwnership> gone = new ArrayList<>();
        for (int slot : slotsOf(partitions)) {
            SlotOwnership owner = owners.remove(slot);
            ready.remove(slot);
            if (owner != null) {
                owner.revoke();
                gone.add(owner);
            }
        }
        return gone;
    }

    /** Drops the windows of partitions that left. */
    void remove(Collection<TopicPartition> partitions) {
        partitions.forEach(windows::remove);
    }

    void ready(SlotOwnership owner) {
        if (owners.get(owner.slot()) == owner) {
            ready.add(owner.slot());
        }
    }

    /** The current hold of {@code slot}, if this instance holds it and it is ready. */
    SlotOwnership readyOwner(int slot) {
        return ready.contains(slot) ? owners.get(slot) : null;
    }

    boolean isCurrent(SlotOwnership owner) {
        return owners.get(owner.slot()) == owner;
    }

    OffsetWindow window(TopicPartition tp) {
        return windows.get(tp);
    }

    Collection<OffsetWindow> windows() {
        return windows.values();
    }

    Collection<SlotOwnership> owners() {
        return owners.values();
    }

    int readySlots() {
        return ready.size();
    }

    private boolean complete(int slot) {
        for (String topic : inputTopics) {
            if (!windows.containsKey(new TopicPartition(topic, slot))) {
                return false;
            }
        }
        return true;
    }

    static Set<Integer> slotsOf(Collection<TopicPartition> partitions) {
        Set<Integer> slots = new TreeSet<>();
        partitions.forEach(tp -> slots.add(tp.partition()));
        return slots;
    }
}
