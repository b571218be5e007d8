package io.cmkworker.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Encodes and decodes one event type in Avro single-object encoding: {@code C3 01}, the writer schema's
 * 8-byte little-endian CRC-64-AVRO fingerprint, then the Avro binary body. A reader resolves older
 * writer schemas it has been given with {@link #withWriterSchema(Schema)}, by fingerprint. Every value
 * is bounds-checked against its writer schema before Avro decodes it ({@link AvroBounds}), so a
 * hostile length prefix is rejected instead of allocated.
 */
public final class AvroCodec<T extends SpecificRecordBase> {

    static {
        // Avro instantiates only trusted classes when it resolves a record; trust exactly our generated events.
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getPackageName().equals(AvroCodec.class.getPackageName())));
    }

    private static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private final Schema schema;
    private final Schema writes;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;
    private final Map<Long, Schema> writerSchemas = new ConcurrentHashMap<>();

    public AvroCodec(Class<T> type, Schema schema) {
        this(type, schema, schema);
    }

    private AvroCodec(Class<T> type, Schema schema, Schema writes) {
        this.type = Objects.requireNonNull(type, "type");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.writes = Objects.requireNonNull(writes, "writes");
        SpecificData model = SpecificData.getForClass(type);
        this.encoder = new BinaryMessageEncoder<>(model, writes);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
        writerSchemas.put(SchemaNormalization.parsingFingerprint64(schema), schema);
    }

    /** A codec that reads what this one reads, and more if taught: teaching it leaves this one as it is. */
    AvroCodec<T> copy() {
        return copyWriting(writes);
    }

    /**
     * A copy that writes with {@code older}, an earlier version of this event's schema whose fields are the first
     * fields of this one (later fields were only ever appended): what it writes is read by a worker that knows
     * only that version, and the fields {@code older} lacks are not written. It reads what this one reads.
     */
    AvroCodec<T> writingWith(Schema older) {
        List<Schema.Field> mine = schema.getFields();
        List<Schema.Field> theirs = older.getFields();
        if (!older.getFullName().equals(schema.getFullName()) || theirs.size() > mine.size()) {
            throw new IllegalArgumentException(older.getFullName() + " is not an earlier version of " + schema.getFullName());
        }
        for (int i = 0; i < theirs.size(); i++) {
            if (!theirs.get(i).name().equals(mine.get(i).name())) {
                throw new IllegalArgumentException("field " + i + " of the earlier " + older.getFullName() + " is "
                        + theirs.get(i).name() + ", not " + mine.get(i).name() + ": fields may only be appended");
            }
        }
        AvroCodec<T> copy = copyWriting(older);
        copy.withWriterSchema(older);
        return copy;
    }

    private AvroCodec<T> copyWriting(Schema schemaToWrite) {
        AvroCodec<T> copy = new AvroCodec<>(type, schema, schemaToWrite);
        writerSchemas.values().forEach(copy::withWriterSchema);
        return copy;
    }

    /** The schema this codec writes with: the event's own, unless {@link #writingWith} an earlier one. */
    public Schema writes() {
        return writes;
    }

    /** Lets this codec read records written with another (compatible) schema of the same event. */
    AvroCodec<T> withWriterSchema(Schema writerSchema) {
        decoder.addSchema(writerSchema);
        writerSchemas.put(SchemaNormalization.parsingFingerprint64(writerSchema), writerSchema);
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
        String type = this.type.getSimpleName();
        if (bytes == null || bytes.length == 0) {
            throw new UndecodableRecordException("empty value: expected an Avro single-object encoded " + type, null);
        }
        if (bytes.length < HEADER_LENGTH || (bytes[0] & 0xff) != 0xC3 || (bytes[1] & 0xff) != 0x01) {
            throw new UndecodableRecordException("not Avro single-object encoding: the value must start with bytes"
                    + " C3 01 and an 8-byte schema fingerprint (see contracts/wire-format.md)", null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = writerSchemas.get(fingerprint);
        if (writer == null) {
            throw new UndecodableRecordException("unknown schema fingerprint " + hex(bytes) + " for " + type
                    + ": the worker reads " + type + " written with the schemas in schemas/", null);
        }
        try {
            AvroBounds.check(writer, bytes, HEADER_LENGTH);
        } catch (IllegalArgumentException e) {
            throw new UndecodableRecordException("malformed " + type + ": " + e.getMessage(), e);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new UndecodableRecordException("cannot decode " + type + ": " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()), e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 2; i < HEADER_LENGTH; i++) {
            out.append(String.format("%02x", bytes[i] & 0xff)).append(i < HEADER_LENGTH - 1 ? " " : "");
        }
        return out.toString();
    }
}
