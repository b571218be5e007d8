package io.cmkworker.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The Kafka clients' own metrics ({@code kafka_consumer_*}, {@code kafka_producer_*}) for the worker's consumer and
 * its transactional producer, through Micrometer's {@link KafkaClientMetrics}. A fenced producer is replaced by a new
 * one: its meters go with it. Metrics a client creates later (per broker, per topic) are picked up once a minute, on a
 * thread of each binding's own: a binding given a shared scheduler would keep refreshing after it is closed
 * (Micrometer 1.16 cancels only a scheduler of its own).
 */
final class KafkaClientMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private KafkaClientMetrics consumer;
    private KafkaClientMetrics producer;

    KafkaClientMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    synchronized void consumer(Consumer<?, ?> client) {
        close(consumer);
        consumer = new KafkaClientMetrics(client, List.of());
        consumer.bindTo(registry);
    }

    /** A new transactional producer: the meters of the one it replaces (closed, or about to be) are removed. */
    synchronized void producer(Producer<?, ?> client) {
        close(producer);
        producer = new KafkaClientMetrics(client, List.of());
        producer.bindTo(registry);
    }

    @Override
    public synchronized void close() {
        close(consumer);
        close(producer);
        consumer = null;
        producer = null;
    }

    private static void close(KafkaClientMetrics meters) {
        if (meters != null) {
            meters.close();
        }
    }
}
