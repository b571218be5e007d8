package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.commit.OffsetWindow;
import io.cmkworker.kafka.group.Liveness;
import io.cmkworker.kafka.ledger.RequestLedger;
import io.cmkworker.metrics.PartitionLag;
import io.cmkworker.metrics.WorkerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes stock of the loop for health checks and gauges, on the poll thread about once a second: what it
 * holds, its oldest work, whether it is connected, and what waits in Kafka in its partitions (in records, and in
 * seconds from the partitions' {@link EndOffsetHistory}).
 */
final class LoopObserver {

    private final Consumer<byte[], byte[]> consumer;
    private final Liveness liveness;
    private final SlotTable slots;
    private final InWork work;
    private final RequestLedger ledger;
    private final WorkerMetrics metrics;
    private final List<String> inputTopics;
    private final String requestsTopic;
    private final EndOffsetHistory history = new EndOffsetHistory();
    private long nextInFlightCount;

    LoopObserver(Consumer<byte[], byte[]> consumer, Liveness liveness, SlotTable slots, InWork work,
                 RequestLedger ledger, WorkerMetrics metrics, List<String> inputTopics, String requestsTopic) {
        this.consumer = consumer;
        this.liveness = liveness;
        this.slots = slots;
        this.work = work;
        this.ledger = ledger;
        this.metrics = metrics;
        this.inputTopics = inputTopics;
        this.requestsTopic = requestsTopic;
    }

    WorkerLoop.Status observe(long nowMillis) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<String, Long> pending = new TreeMap<>();
        for (String topic : inputTopics) {
            if (!topic.equals(requestsTopic)) {
                pending.put(topic, 0L);
            }
        }
        List<PartitionLag> lags = new ArrayList<>();
        for (TopicPartition tp : assigned) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                // Below 0 when the position passed a transaction marker before a fetch brought the new stable offset
                long lag = Math.max(0, l.getAsLong());
                boolean requests = tp.topic().equals(requestsTopic);
                if (!requests) {
                    pending.merge(tp.topic(), lag, Long::sum);
                }
                lags.add(new PartitionLag(tp.topic(), tp.partition(), requests ? "requests" : "delay", lag,
                        waitedMillis(tp, lag, nowMillis) / 1000.0));
            }
        }
        history.retain(assigned);
        metrics.partitionLags(lags);
        pending.forEach((topic, n) -> metrics.gauge("cmk.checks.pending", "tier", topic, "Delayed steps waiting in this"
                + " delay tier's partitions of this instance (consumer lag)", n));
        if (nowMillis >= nextInFlightCount) {
            nextInFlightCount = nowMillis + 5000;
            metrics.gauge("cmk.onboardings.in.flight", "scope", "instance",
                    "Requests taken and not yet answered in this instance's slots", ledger.inFlightCount());
        }
        metrics.gauge("cmk.records.in.work", "scope", "instance", "Records taken and not yet finished", work.size());
        metrics.gauge("cmk.slots.held", "scope", "instance", "Slots (an organisation's partitions of every input"
                + " topic) this instance holds", slots.owners().size());
        metrics.gauge("cmk.slots.ready", "scope", "instance", "Slots this instance holds and has read its ledger of:"
                + " records are taken from these only", slots.readySlots());
        List<String> held = new ArrayList<>();
        for (OffsetWindow window : slots.windows()) {
            if (window.held() != null) {
                held.add(window.partition() + ": " + window.held());
            }
        }
        Collections.sort(held);
        metrics.gauge("cmk.partitions.held", "reason", "unknown-done-set-version", "Assigned partitions no record is"
                + " taken from because their committed metadata is a done-set version this worker does not read",
                held.size());
        return new WorkerLoop.Status(liveness.lastBeat(), assigned.size(), slots.owners().size(), slots.readySlots(),
                work.oldestStartedNanos(), connected(), held);
    }

    /** The intake's pace as gauges: what an operator needs to see why new requests wait in Kafka. */
    void intake(IntakePace pace, long nowMillis) {
        metrics.gauge("cmk.intake.pace", "requests.per.second", "scope", "instance",
                "New requests this instance may take a second now (slow start: doubles while due steps are on time)",
                pace.perSecond());
        metrics.gauge("cmk.intake.held", "scope", "instance",
                "1 while this instance takes no new request because due steps are taken late", pace.behind(nowMillis)
                        ? 1 : 0);
    }

    /** How long the record at the partition's position has waited; 0 if the position is not known without a wait. */
    private long waitedMillis(TopicPartition tp, long lag, long nowMillis) {
        if (lag == 0) {
            history.caughtUp(tp);
            return 0;
        }
        long position;
        try {
            position = consumer.position(tp, Duration.ZERO);
        } catch (KafkaException e) {
            return 0; // no valid position yet (it is being reset or validated): known at a later look
        }
        return history.waitedMillis(tp, position, position + lag, nowMillis);
    }

    private boolean connected() {
        for (var e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("connection-count") && e.getKey().group().equals("consumer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number n && n.doubleValue() > 0;
            }
        }
        return false;
    }
}
