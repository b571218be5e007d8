package io.cmkworker.kafka;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes onboarding requests the way upstream systems should: keyed by org ID, Avro single-object encoded. */
public final class RequestPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public RequestPublisher(WorkerConfig config) {
        this.producer = new KafkaProducer<>(KafkaClients.plainProducer(config));
        this.topic = config.topics().requests();
    }

    public CompletableFuture<RecordMetadata> publish(OnboardingRequest request) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, request.getOrgId().getBytes(StandardCharsets.UTF_8),
                Codecs.REQUEST.encode(request)), (metadata, error) -> {
                    if (error != null) {
                        sent.completeExceptionally(error);
                    } else {
                        sent.complete(metadata);
                    }
                });
        return sent;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
