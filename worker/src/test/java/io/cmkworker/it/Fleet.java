package io.cmkworker.it;

import io.cmkworker.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Worker processes of one group, each in its own JVM, that a test starts, kills (SIGKILL), stops
 * (SIGTERM), freezes (SIGSTOP) and thaws; and the group as the coordinator sees it.
 */
final class Fleet implements AutoCloseable {

    private final Harness harness;
    private final String[] overrides;
    private final Map<String, WorkerProcess> processes = new LinkedHashMap<>();
    private final Admin admin;
    private int started;

    Fleet(Harness harness, String... overrides) {
        this.harness = harness;
        this.overrides = overrides;
        this.admin = Admin.create(KafkaClients.admin(harness.config(overrides)));
    }

    /** Starts a worker process with this instance ID. */
    WorkerProcess start(String instanceId) {
        List<String> o = new ArrayList<>(List.of(overrides));
        o.add("worker.instance.id");
        o.add(instanceId);
        WorkerProcess p = WorkerProcess.start(harness.configValues(o.toArray(String[]::new)),
                harness.names().prefix() + "-" + instanceId + "-" + (++started));
        processes.put(instanceId, p);
        return p;
    }

    WorkerProcess process(String instanceId) {
        return processes.get(instanceId);
    }

    void kill(String instanceId) throws InterruptedException {
        processes.remove(instanceId).kill();
    }

    /** SIGTERM; returns the exit code (-1 if it did not exit within the time). */
    int terminate(String instanceId, Duration within) throws InterruptedException {
        return processes.remove(instanceId).terminate(within);
    }

    int starts() {
        return started;
    }

    /** The slots each live member holds, by instance ID, as the group coordinator says. */
    Map<String, Set<Integer>> slotsByMember() {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(harness.names().group()))
                    .all().get(10, TimeUnit.SECONDS).get(harness.names().group());
            Map<String, Set<Integer>> out = new HashMap<>();
            for (MemberDescription m : group.members()) {
                Set<Integer> slots = new TreeSet<>();
                for (TopicPartition tp : m.assignment().topicPartitions()) {
                    slots.add(tp.partition());
                }
                out.put(m.groupInstanceId().orElse(m.consumerId()), slots);
            }
            return out;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** True when the group is stable (no rebalance under way) and its members hold all {@code slots}. */
    boolean settled(int slots) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(harness.names().group()))
                    .all().get(10, TimeUnit.SECONDS).get(harness.names().group());
            return group.groupState() == org.apache.kafka.common.GroupState.STABLE
                    && slotsByMember().values().stream().mapToInt(Set::size).sum() == slots;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (WorkerProcess p : processes.values()) {
            p.resume();
            p.terminate(Duration.ofSeconds(40));
            if (p.isAlive()) {
                p.kill();
            }
        }
        processes.clear();
        admin.close(Duration.ofSeconds(5));
    }

}
