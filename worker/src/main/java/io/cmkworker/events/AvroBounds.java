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

    private AvroBounds(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = bytes.length;
    }

    /** Throws {@link IllegalArgumentException} saying what is wrong if {@code bytes[offset..]} is not one {@code schema} datum. */
    public static void check(Schema schema, byte[] bytes, int offset) {
        AvroBounds walker = new AvroBounds(bytes, offset);
        walker.walk(schema, schema.getFullName());
        if (walker.pos != walker.end) {
            throw new IllegalArgumentException((walker.end - walker.pos) + " unexpected bytes after the "
                    + schema.getName() + " record");
        }
    }

    private void walk(Schema schema, String path) {
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> skip(1, path);
            case INT, LONG -> readLong(path);
            case FLOAT -> skip(4, path);
            case DOUBLE -> skip(8, path);
            case STRING, BYTES -> skip(length(path), path);
            case FIXED -> skip(schema.getFixedSize(), path);
            case ENUM -> index(readLong(path), schema.getEnumSymbols().size(), path);
            case UNION -> {
                int branch = index(readLong(path), schema.getTypes().size(), path);
                walk(schema.getTypes().get(branch), path);
            }
            case ARRAY -> blocks(schema.getElementType(), null, path);
            case MAP -> blocks(schema.getValueType(), Schema.create(Schema.Type.STRING), path);
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    walk(field.schema(), path + "." + field.name());
                }
            }
        }
    }

    private void blocks(Schema item, Schema key, String path) {
        long count;
        while ((count = readLong(path)) != 0) {
            if (count < 0) {
                count = -count;
                readLong(path); // the block's size in bytes
            }
            long limit = remaining() == 0 ? MAX_EMPTY_ITEMS : Math.max(remaining(), MAX_EMPTY_ITEMS);
            if (count > limit) {
                throw new IllegalArgumentException(path + " declares " + count + " items but only " + remaining()
                        + " bytes remain");
            }
            for (long i = 0; i < count; i++) {
                if (key != null) {
                    walk(key, path + "<key>");
                }
                walk(item, path + "[]");
            }
        }
    }

    private long length(String path) {
        long n = readLong(path);
        if (n < 0 || n > remaining()) {
            throw new IllegalArgumentException("the value ended early: " + path + " declares a length of " + n
                    + " bytes but only " + remaining() + " remain");
        }
        return n;
    }

    private static int index(long value, int size, String path) {
        if (value < 0 || value >= size) {
            throw new IllegalArgumentException(path + " has index " + value + ", not one of its " + size + " choices");
        }
        return (int) value;
    }

    private void skip(long n, String path) {
        if (n > remaining()) {
            throw new IllegalArgumentException("the value ended early, in " + path);
        }
        pos += (int) n;
    }

    private long readLong(String path) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("the value ended early, in " + path);
            }
            int b = bytes[pos++] & 0xff;
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (value >>> 1) ^ -(value & 1);
            }
        }
        throw new IllegalArgumentException("a number in " + path + " is longer than 10 bytes");
    }

    private int remaining() {
        return end - pos;
    }
}
