package io.cmkworker.events;

import org.apache.avro.Schema;

/**
 * Walks Avro binary data against its writer schema without building anything, and rejects what no
 * honest writer produces: a length or count larger than the bytes that remain, an enum or union
 * index out of range, data that ends early or goes on after the record. Run before decoding, it keeps
 * a hostile length prefix from making Avro allocate gigabytes, whatever Avro's global limits are. Both wire
 * formats run it: {@link AvroCodec}, and the Schema Registry reader once the registry has given it the writer schema.
 */
public final class AvroBounds {

    /** Most items of an array or map whose items take no bytes (a schema of nulls). */
    private static final long MAX_EMPTY_ITEMS = 100_000;

    private final byte[] bytes;
    private final int end;
    private int pos;
    /**
     * Where the walk is: the record's name, then a field, "<key>" or "[]" for each level. Joined into text only
     * for an error message: a path built at every field would cost more than the walk itself.
     */
    private Object[] path = new Object[8];
    private int depth;

    private AvroBounds(byte[] bytes, int offset, String root) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = bytes.length;
        this.path[depth++] = root;
    }

    /** Throws {@link IllegalArgumentException} saying what is wrong if {@code bytes[offset..]} is not one {@code schema} datum. */
    public static void check(Schema schema, byte[] bytes, int offset) {
        AvroBounds walker = new AvroBounds(bytes, offset, schema.getFullName());
        walker.walk(schema);
        if (walker.pos != walker.end) {
            throw new IllegalArgumentException((walker.end - walker.pos) + " unexpected bytes after the "
                    + schema.getName() + " record");
        }
    }

    private void walk(Schema schema) {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> skip(1);
            case INT, LONG -> readLong();
            case FLOAT -> skip(4);
            case DOUBLE -> skip(8);
            case STRING, BYTES -> skip(length());
            case FIXED -> skip(schema.getFixedSize());
            case ENUM -> index(readLong(), schema.getEnumSymbols().size());
            case UNION -> walk(schema.getTypes().get(index(readLong(), schema.getTypes().size())));
            case ARRAY -> blocks(schema.getElementType(), false);
            case MAP -> blocks(schema.getValueType(), true);
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    enter(field);
                    walk(field.schema());
                    depth--;
                }
            }
        }
    }

    private void blocks(Schema item, boolean keyed) {
        long count;
        while ((count = readLong()) != 0) {
            if (count < 0) {
                count = -count;
                readLong(); // the block's size in bytes
            }
            long limit = remaining() == 0 ? MAX_EMPTY_ITEMS : Math.max(remaining(), MAX_EMPTY_ITEMS);
            if (count > limit) {
                throw new IllegalArgumentException(path() + " declares " + count + " items but only " + remaining()
                        + " bytes remain");
            }
            for (long i = 0; i < count; i++) {
                if (keyed) {
                    enter("<key>");
                    skip(length());
                    depth--;
                }
                enter("[]");
                walk(item);
                depth--;
            }
        }
    }

    /** Goes one level down: {@code segment} is a {@link Schema.Field} or the text of a level. */
    private void enter(Object segment) {
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, depth * 2);
        }
        path[depth++] = segment;
    }

    /** Where the walk is, as text: {@code io.cmkworker.events.OnboardingRequest.metadata<key>}. */
    private String path() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append(path[i] instanceof Schema.Field field ? "." + field.name() : path[i]);
        }
        return out.toString();
    }

    private long length() {
        long n = readLong();
        if (n < 0 || n > remaining()) {
            throw new IllegalArgumentException("the value ended early: " + path() + " declares a length of " + n
                    + " bytes but only " + remaining() + " remain");
        }
        return n;
    }

    private int index(long value, int size) {
        if (value < 0 || value >= size) {
            throw new IllegalArgumentException(path() + " has index " + value + ", not one of its " + size
                    + " choices");
        }
        return (int) value;
    }

    private void skip(long n) {
        if (n > remaining()) {
            throw new IllegalArgumentException("the value ended early, in " + path());
        }
        pos += (int) n;
    }

    private long readLong() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("the value ended early, in " + path());
            }
            int b = bytes[pos++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new IllegalArgumentException("a number in " + path() + " is longer than 10 bytes");
    }

    private int remaining() {
        return end - pos;
    }
}
