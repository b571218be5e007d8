package io.cmkworker.kafka;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.metrics.WorkerMetrics;
import io.cmkworker.pipeline.OnboardingProcessor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The Kafka side of the graph: topics checked, the consumer and transactional producer, the delay
 * tiers, the request ledger, the dispatcher and the poll loop that ties them together.
 */
public final class KafkaPipeline {

    private KafkaPipeline() {
    }

    /**
     * @param intake whether to take new requests now (backpressure)
     */
    public static WorkerLoop create(WorkerConfig config, OnboardingProcessor processor, BooleanSupplier intake,
                                    Clock clock, WorkerMetrics metrics) {
        int partitions = TopicSetup.ensure(config);
        DelayTiers tiers = new DelayTiers(config.topics().delayPrefix(), config.delayTiers());
        RequestLedger ledger = new RequestLedger(config.topics().ledger(), partitions, config.ledgerRetention(), clock,
                new KafkaConsumer<>(KafkaClients.reader(config)));
        RecordDispatcher dispatcher = new RecordDispatcher(config.topics(), tiers, ledger, processor,
                new OutputRecords(config.topics(), tiers), clock, metrics);
        List<String> inputs = new ArrayList<>(List.of(config.topics().requests()));
        inputs.addAll(tiers.topics());
        return new WorkerLoop(new KafkaConsumer<>(KafkaClients.consumer(config)),
                new KafkaProducer<>(KafkaClients.producer(config)), dispatcher, ledger, inputs,
                config.topics().requests(), intake, clock, config.pollInterval(), config.drainTimeout(), metrics);
    }
}
