package io.cmkworker.kafka.topics;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.WireFormat;
import io.cmkworker.events.registry.WireFormats;
import io.cmkworker.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes onboarding requests the way upstream systems should: keyed by org ID, Avro single-object encoded, or in
 * the Schema Registry wire format when {@code schemas.registry.url} is set (the request schema is registered first).
 */
public final class RequestPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final WireFormat wire;

    public RequestPublisher(WorkerConfig config) {
        this.wire = WireFormats.forRequests(config);
        this.producer = new KafkaProducer<>(KafkaClients.plainProducer(config));
        this.topic = config.topics().requests();
    }

    public CompletableFuture<RecordMetadata> publish(OnboardingRequest request) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, request.getOrgId().getBytes(StandardCharsets.UTF_8),
                wire.writeRequest(request)), (metadata, error) -> {
                    if (error != null) {
                        sent.completeExceptionally(error);
                    } else {
                        sent.complete(metadata);
                    }
                });
        return sent;
    }

    /**
     * Publishes every request and waits until the broker has acknowledged them all.
     *
     * @throws KafkaException the first failure, if any was not acknowledged
     */
    public void publishAll(Collection<OnboardingRequest> requests) {
        List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>(requests.size());
        for (OnboardingRequest request : requests) {
            sent.add(publish(request));
        }
        flush();
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException("publishing failed", e.getCause());
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
        wire.close();
    }
}
