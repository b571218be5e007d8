package io.cmkworker.kafka.fault;

import io.cmkworker.domain.SafeText;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.UndecodableRecordException;
import io.cmkworker.events.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds dead-letter records: the original key, value and headers, plus namespaced headers saying
 * where the record came from and why it could not be processed (in the manner of Kafka Connect's
 * {@code __connect.errors.*}).
 */
public final class DeadLetters {

    public static final String PREFIX = "cmk.dlq.";
    public static final String TOPIC = PREFIX + "original.topic";
    public static final String PARTITION = PREFIX + "original.partition";
    public static final String OFFSET = PREFIX + "original.offset";
    public static final String TIMESTAMP = PREFIX + "original.timestamp";
    public static final String EXCEPTION_CLASS = PREFIX + "exception.class";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception.message";
    public static final String FAILED_AT = PREFIX + "failed.at";
    /** Set (to the key's size) when the original key was too large to copy into the dead letter. */
    public static final String KEY_OMITTED = PREFIX + "key.omitted";
    /** Set (to the value's size) when the original value was too large to copy into the dead letter. */
    public static final String VALUE_OMITTED = PREFIX + "value.omitted";
    /**
     * The request ID of a dead letter whose value decodes as a request (or a delayed step) with one, so
     * upstream can match it to what it sent even when the value itself is omitted.
     */
    public static final String REQUEST_ID = PREFIX + "request.id";

    /** Most bytes of key, value and headers copied; a dead letter must fit in a record like its source did. */
    static final int MAX_VALUE = 900 * 1024;

    private static final int MAX_MESSAGE = 1000;
    /** Longest request ID copied into {@link #REQUEST_ID}; a longer one cannot be a usable ID anyway. */
    private static final int MAX_REQUEST_ID = 1000;

    private static final WireFormat SINGLE_OBJECT = WireFormat.singleObject(Codecs.STANDARD);

    private DeadLetters() {
    }

    /** A dead letter of a record whose requests are single-object encoded. */
    public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> source,
                                             Throwable cause, Instant now) {
        return of(deadLetterTopic, source, cause, now, SINGLE_OBJECT);
    }

    /** A dead letter of a record whose requests {@code wire} reads; the value is kept as it was, whatever its format. */
    public static ProducerRecord<byte[], byte[]> of(String deadLetterTopic, ConsumerRecord<byte[], byte[]> source,
                                             Throwable cause, Instant now, WireFormat wire) {
        Headers headers = new RecordHeaders();
        for (Header header : source.headers()) {
            if (!header.key().startsWith(PREFIX)) {
                headers.add(header);
            }
        }
        put(headers, TOPIC, source.topic());
        put(headers, PARTITION, Integer.toString(source.partition()));
        put(headers, OFFSET, Long.toString(source.offset()));
        put(headers, TIMESTAMP, Long.toString(source.timestamp()));
        put(headers, EXCEPTION_CLASS, cause.getClass().getName());
        put(headers, EXCEPTION_MESSAGE, SafeText.of(String.valueOf(cause.getMessage()), MAX_MESSAGE));
        put(headers, FAILED_AT, now.toString());
        requestIdOf(source.value(), wire).ifPresent(id -> put(headers, REQUEST_ID, id));
        // Key, value and headers together must stay under a record's limit: drop the value first, then the key.
        byte[] value = source.value();
        byte[] key = source.key();
        int headerBytes = 0;
        for (Header header : headers) {
            headerBytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        if (value != null && headerBytes + length(key) + value.length > MAX_VALUE) {
            put(headers, VALUE_OMITTED, Integer.toString(value.length));
            value = null;
        }
        if (key != null && headerBytes + key.length > MAX_VALUE) {
            put(headers, KEY_OMITTED, Integer.toString(key.length));
            key = null;
        }
        return new ProducerRecord<>(deadLetterTopic, null, now.toEpochMilli(), key, value, headers);
    }

    /**
     * The request ID the value carries, when it decodes as a request (without a registry call) or a delayed step.
     * Decoding again here (the dispatcher decoded it once already) keeps every caller's dead letter the same: the
     * callers only pass the original record.
     */
    static Optional<String> requestIdOf(byte[] value, WireFormat wire) {
        String id = wire.peekRequest(value).map(OnboardingRequest::getRequestId).orElse(null);
        if (id == null) {
            try {
                id = Codecs.STATUS_CHECK.decode(value).getRequestId();
            } catch (UndecodableRecordException notAStep) {
                // neither: nothing to copy
            }
        }
        return Optional.ofNullable(id).filter(i -> !i.isEmpty() && i.length() <= MAX_REQUEST_ID);
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
