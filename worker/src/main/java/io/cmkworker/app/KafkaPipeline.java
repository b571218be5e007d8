package io.cmkworker.app;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.events.WireFormat;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.commit.DoneOffsets;
import io.cmkworker.kafka.commit.TransactionCommitter;
import io.cmkworker.kafka.delay.DelayTiers;
import io.cmkworker.kafka.delay.OutputRecords;
import io.cmkworker.kafka.group.AbandonedTransactions;
import io.cmkworker.kafka.group.Liveness;
import io.cmkworker.kafka.group.OrphanWatch;
import io.cmkworker.kafka.ledger.LedgerRestorer;
import io.cmkworker.kafka.ledger.RequestLedger;
import io.cmkworker.kafka.loop.Intake;
import io.cmkworker.kafka.loop.RecordDispatcher;
import io.cmkworker.kafka.loop.WorkerLoop;
import io.cmkworker.kafka.topics.TopicSetup;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.Steps;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka side of the graph: topics checked, the consumer and transactional producer, the delay
 * tiers, the request ledger, the dispatcher and the poll loop that ties them together.
 */
public final class KafkaPipeline {

    private KafkaPipeline() {
    }

    /**
     * @param codecs this worker's codecs (with its configured writer schemas), for the topics only workers read
     * @param wire how requests are read and outcomes written (single-object encoding or the registry's format)
     * @param intake how many new requests may be taken now (backpressure)
     * @param purgeAbandonedCalls drops queued calls whose lease ended
     * @param onOutcome told every outcome a transaction committed (replays included)
     * @param clientMeters given the consumer and every transactional producer, for their own metrics
     */
    static WorkerLoop create(WorkerConfig config, Codecs codecs, WireFormat wire, Steps processor, Intake intake,
                             Runnable purgeAbandonedCalls, java.util.function.Consumer<OnboardingOutcome> onOutcome,
                             Clock clock, WorkerMetrics metrics, KafkaClientMeters clientMeters) {
        int partitions = TopicSetup.ensure(config);
        metrics.gauge("cmk.group.slots", "scope", "group", "Slots of the group: the partitions each input topic has"
                + " (every instance reports the same)", partitions);
        DelayTiers tiers = new DelayTiers(config.topics().delayPrefix(), config.delayTiers());
        RequestLedger ledger = new RequestLedger(config.topics().ledger(), partitions, config.ledgerRetention(), clock,
                codecs);
        List<String> ownerOnly = new ArrayList<>(tiers.topics());
        ownerOnly.add(config.topics().ledger());
        LedgerRestorer restorer = new LedgerRestorer(config.topics().ledger(),
                new KafkaConsumer<>(KafkaClients.reader(config)),
                new AbandonedTransactions(Admin.create(KafkaClients.admin(config)), ownerOnly), codecs.ledger(),
                config.ledgerRetention(), clock);
        RecordDispatcher dispatcher = new RecordDispatcher(config.topics(), tiers, ledger, processor,
                new OutputRecords(config.topics(), tiers, codecs, wire), codecs, clock, metrics);
        List<String> inputs = new ArrayList<>(List.of(config.topics().requests()));
        inputs.addAll(tiers.topics());
        Properties consumerProps = KafkaClients.consumer(config);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
        clientMeters.consumer(consumer);
        Properties producerProps = KafkaClients.producer(config);
        String outcomes = config.topics().outcomes();
        TransactionCommitter committer = new TransactionCommitter(() -> {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
            clientMeters.producer(producer);
            return producer;
        },
                consumer::groupMetadata, records -> {
                    ledger.applyCommitted(records);
                    outcomesOf(records, outcomes, wire).forEach(onOutcome);
                }, metrics, clock, config.formatLevel() == 1 ? DoneOffsets.BITMAP : DoneOffsets.NEWEST);
        Duration session = Duration.ofMillis(Long.parseLong(
                consumerProps.getProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)));
        // A lease lapses after a third of the session timeout without a turn of the loop, long before
        // another member could have been given its slots.
        Liveness liveness = new Liveness(System::nanoTime, session.dividedBy(3), session.dividedBy(3));
        Set<TopicPartition> all = new HashSet<>();
        for (String topic : inputs) {
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        OrphanWatch orphans = OrphanWatch.of(Admin.create(KafkaClients.admin(config)), config.groupId(), all,
                Duration.ofSeconds(5), metrics::orphanWatchFailed);
        return new WorkerLoop(consumer, committer, dispatcher, ledger, restorer, liveness, inputs,
                config.topics().requests(), intake, purgeAbandonedCalls, orphans, clock, config.pollInterval(),
                config.drainTimeout(), metrics);
    }

    /** The outcomes among a transaction's records. */
    private static List<OnboardingOutcome> outcomesOf(List<ProducerRecord<byte[], byte[]>> records, String topic,
                                                      WireFormat wire) {
        List<OnboardingOutcome> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : records) {
            if (record.topic().equals(topic)) {
                try {
                    out.add(wire.readOutcome(record.value()));
                } catch (UndecodableRecordException e) {
                    throw new IllegalStateException("the worker wrote an outcome it cannot read", e);
                }
            }
        }
        return out;
    }
}
