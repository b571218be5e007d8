package io.cmkworker.events;

/** The codecs of the worker's events, built once and shared (they are thread-safe). */
public final class Codecs {

    public static final AvroCodec<OnboardingRequest> REQUEST =
            new AvroCodec<>(OnboardingRequest.class, OnboardingRequest.getClassSchema());
    public static final AvroCodec<StatusCheck> STATUS_CHECK =
            new AvroCodec<>(StatusCheck.class, StatusCheck.getClassSchema());
    /**
     * Also reads outcomes written with version 1 of the schema (before {@code hint}): the ledger and the
     * outcomes topic keep them for their retention after an upgrade.
     */
    public static final AvroCodec<OnboardingOutcome> OUTCOME =
            new AvroCodec<>(OnboardingOutcome.class, OnboardingOutcome.getClassSchema())
                    .withWriterSchema(history("OnboardingOutcome-v1.avsc"));
    public static final AvroCodec<LedgerEntry> LEDGER =
            new AvroCodec<>(LedgerEntry.class, LedgerEntry.getClassSchema());

    private Codecs() {
    }

    /**
     * Teaches the codecs more writer schemas (.avsc files, or directories of them): a record written
     * with one is resolved to this worker's schema of the same name by fingerprint.
     *
     * @return the full names of the schemas registered
     */
    public static java.util.List<String> registerWriterSchemas(java.util.List<java.nio.file.Path> paths) {
        java.util.List<String> registered = new java.util.ArrayList<>();
        for (java.nio.file.Path path : paths) {
            java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
            if (java.nio.file.Files.isDirectory(path)) {
                try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(path)) {
                    list.filter(p -> p.toString().endsWith(".avsc")).sorted().forEach(files::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot list writer schemas in " + path, e);
                }
            } else {
                files.add(path);
            }
            for (java.nio.file.Path file : files) {
                org.apache.avro.Schema schema;
                try {
                    schema = new org.apache.avro.Schema.Parser().parse(file.toFile());
                } catch (java.io.IOException | org.apache.avro.SchemaParseException e) {
                    throw new IllegalArgumentException("cannot read writer schema " + file + ": " + e.getMessage(), e);
                }
                codecFor(schema.getFullName(), file).withWriterSchema(schema);
                registered.add(schema.getFullName() + " from " + file);
            }
        }
        return registered;
    }

    /** An earlier version of an event's schema, kept as a resource so records written with it stay readable. */
    static org.apache.avro.Schema history(String name) {
        try (java.io.InputStream in = Codecs.class.getResourceAsStream("history/" + name)) {
            if (in == null) {
                throw new IllegalStateException("schema history/" + name + " is missing from the jar");
            }
            return new org.apache.avro.Schema.Parser().parse(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read schema history/" + name, e);
        }
    }

    private static AvroCodec<?> codecFor(String fullName, java.nio.file.Path file) {
        for (AvroCodec<?> codec : java.util.List.of(REQUEST, STATUS_CHECK, OUTCOME, LEDGER)) {
            if (codec.schema().getFullName().equals(fullName)) {
                return codec;
            }
        }
        throw new IllegalArgumentException(file + " defines " + fullName + ", which is not one of the worker's events");
    }
}
