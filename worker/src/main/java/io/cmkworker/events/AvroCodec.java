package io.cmkworker.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Encodes and decodes one event type in Avro single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro binary body. A reader resolves older
 * writer schemas it has been given with {@link #withWriterSchema(Schema)}, by fingerprint.
 */
public final class AvroCodec<T extends SpecificRecordBase> {

    static {
        // Bounds what a hostile length prefix can make Avro allocate; a Kafka record is at most a few MiB.
        setIfAbsent("org.apache.avro.limits.string.maxLength", "4194304");
        setIfAbsent("org.apache.avro.limits.bytes.maxLength", "4194304");
        setIfAbsent("org.apache.avro.limits.collectionItems.maxLength", "100000");
        // Avro instantiates only trusted classes when it resolves a record; trust exactly our generated events.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().equals(AvroCodec.class.getPackageName())));
    }

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public AvroCodec(Class<T> type, Schema schema) {
        this.type = Objects.requireNonNull(type, "type");
        this.schema = Objects.requireNonNull(schema, "schema");
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    /** Lets this codec read records written with an older (compatible) schema of the same event. */
    public AvroCodec<T> withWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        return this;
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T event) {
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
        }
    }

    public T decode(byte[] bytes) throws UndecodableRecordException {
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableRecordException("empty value: expected an Avro single-object encoded "
                    + type.getSimpleName(), null);
        }
        try {
            return decoder.decode(bytes);
        } catch (BadHeaderException e) {
            throw new UndecodableRecordException("not Avro single-object encoding (the value must start with"
                    + " bytes C3 01): " + e.getMessage(), e);
        } catch (MissingSchemaException e) {
            throw new UndecodableRecordException("unknown schema fingerprint for " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("cannot decode " + type.getSimpleName() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
