package io.cmkworker.kafka.topics;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingRequest;
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
    }
}
