package io.cmkworker.kafka.delay;

import io.cmkworker.config.TopicNames;
import io.cmkworker.events.Codecs;
import io.cmkworker.kafka.fault.DeadLetters;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.WireFormat;
import io.cmkworker.pipeline.Output;
import io.cmkworker.pipeline.UnanswerableRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns the pipeline's outputs into producer records: outcomes (in the worker's {@link WireFormat}), delayed steps
 * (first hop; always single-object encoded, as only workers read them), further hops.
 */
public final class OutputRecords {

    private final TopicNames topics;
    private final DelayTiers tiers;
    private final Codecs codecs;
    private final WireFormat wire;

    public OutputRecords(TopicNames topics, DelayTiers tiers, Codecs codecs, WireFormat wire) {
        this.topics = topics;
        this.tiers = tiers;
        this.codecs = codecs;
        this.wire = wire;
    }

    /** Outcomes in Avro single-object encoding, as without a schema registry. */
    public OutputRecords(TopicNames topics, DelayTiers tiers, Codecs codecs) {
        this(topics, tiers, codecs, WireFormat.singleObject(codecs));
    }

    /** How requests and outcomes go on the wire for this worker. */
    public WireFormat wire() {
        return wire;
    }

    /** The records for what processing {@code source} produced. */
    public List<ProducerRecord<byte[], byte[]>> of(List<Output> outputs, ConsumerRecord<byte[], byte[]> source, Instant now) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(outputs.size());
        for (Output output : outputs) {
            if (output instanceof Output.Publish publish) {
                out.add(outcome(publish.outcome()));
            } else if (output instanceof Output.DeadLetter dead) {
                out.add(DeadLetters.of(topics.deadLetters(), source, new UnanswerableRequestException(dead.reason()), now,
                        wire));
            } else {
                Output.Schedule schedule = (Output.Schedule) output;
                out.add(schedule(schedule.check(), schedule.delay(), now));
            }
        }
        return out;
    }

    public ProducerRecord<byte[], byte[]> outcome(OnboardingOutcome outcome) {
        return new ProducerRecord<>(topics.outcomes(), key(outcome.getOrgId()), wire.writeOutcome(outcome));
    }

    /** The first hop of a step due {@code delay} (rounded up to the tier granularity) after {@code now}. */
    public ProducerRecord<byte[], byte[]> schedule(StatusCheck check, Duration delay, Instant now) {
        Instant due = now.plus(tiers.roundUp(delay));
        check.setDueAt(due);
        DelayTiers.Hop hop = tiers.firstHop(now, due);
        return new ProducerRecord<>(hop.topic(), null, hop.timestamp().toEpochMilli(), key(check.getOrgId()),
                codecs.statusCheck().encode(check));
    }

    /** Moves a released record whose due time is still ahead to its next tier, unchanged. */
    public ProducerRecord<byte[], byte[]> hop(ConsumerRecord<byte[], byte[]> record, Instant release, Instant due) {
        DelayTiers.Hop hop = tiers.nextHop(release, due);
        return new ProducerRecord<>(hop.topic(), null, hop.timestamp().toEpochMilli(), record.key(), record.value());
    }

    private static byte[] key(String orgId) {
        return orgId.getBytes(StandardCharsets.UTF_8);
    }
}
