package io.cmkworker.events;

/**
 * The codecs of the worker's events (thread-safe). {@link #STANDARD} reads this version's schemas and the
 * earlier versions it must still read; a worker gets its own copy, taught the writer schemas of its
 * configuration ({@code schemas.writers}), so what one worker was taught never changes what another reads.
 */
public final class Codecs {

    /** This version's schemas, and the earlier versions still read; never taught anything else. */
    public static final Codecs STANDARD = new Codecs(
            new AvroCodec<>(OnboardingRequest.class, OnboardingRequest.getClassSchema()),
            // Steps and ledger entries of version 1 (before requestOffset) stay in the delay and ledger topics
            // after an upgrade, and workers of format level 1 write them during one.
            new AvroCodec<>(StatusCheck.class, StatusCheck.getClassSchema())
                    .withWriterSchema(history("StatusCheck-v1.avsc")),
            // Outcomes written with version 1 (before {@code hint}) stay in the ledger and the outcomes topic
            // for their retention after an upgrade.
            new AvroCodec<>(OnboardingOutcome.class, OnboardingOutcome.getClassSchema())
                    .withWriterSchema(history("OnboardingOutcome-v1.avsc")),
            new AvroCodec<>(LedgerEntry.class, LedgerEntry.getClassSchema())
                    .withWriterSchema(history("LedgerEntry-v1.avsc")));

    /** The newest format level: what this version writes unless told to write an earlier one. */
    public static final int FORMAT_LEVEL = 2;

    /** The standard codecs, for tools that read and write the worker's topics. */
    public static final AvroCodec<OnboardingRequest> REQUEST = STANDARD.request;
    public static final AvroCodec<StatusCheck> STATUS_CHECK = STANDARD.statusCheck;
    public static final AvroCodec<OnboardingOutcome> OUTCOME = STANDARD.outcome;
    public static final AvroCodec<LedgerEntry> LEDGER = STANDARD.ledger;

    private final AvroCodec<OnboardingRequest> request;
    private final AvroCodec<StatusCheck> statusCheck;
    private final AvroCodec<OnboardingOutcome> outcome;
    private final AvroCodec<LedgerEntry> ledger;

    private Codecs(AvroCodec<OnboardingRequest> request, AvroCodec<StatusCheck> statusCheck,
                   AvroCodec<OnboardingOutcome> outcome, AvroCodec<LedgerEntry> ledger) {
        this.request = request;
        this.statusCheck = statusCheck;
        this.outcome = outcome;
        this.ledger = ledger;
    }

    public AvroCodec<OnboardingRequest> request() {
        return request;
    }

    public AvroCodec<StatusCheck> statusCheck() {
        return statusCheck;
    }

    public AvroCodec<OnboardingOutcome> outcome() {
        return outcome;
    }

    public AvroCodec<LedgerEntry> ledger() {
        return ledger;
    }

    /**
     * A copy of these codecs that also reads records written with the schemas in these .avsc files (or
     * directories of them): each is resolved to this worker's schema of the same name by fingerprint.
     * This set is left as it is.
     */
    public Codecs withWriterSchemas(java.util.List<java.nio.file.Path> paths) {
        Codecs copy = new Codecs(request.copy(), statusCheck.copy(), outcome.copy(), ledger.copy());
        for (java.nio.file.Path file : schemaFiles(paths)) {
            org.apache.avro.Schema schema;
            try {
                schema = new org.apache.avro.Schema.Parser().parse(file.toFile());
            } catch (java.io.IOException | org.apache.avro.SchemaParseException e) {
                throw new IllegalArgumentException("cannot read writer schema " + file + ": " + e.getMessage(), e);
            }
            copy.codecFor(schema.getFullName(), file).withWriterSchema(schema);
        }
        return copy;
    }

    private static java.util.List<java.nio.file.Path> schemaFiles(java.util.List<java.nio.file.Path> paths) {
        java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
        for (java.nio.file.Path path : paths) {
            if (java.nio.file.Files.isDirectory(path)) {
                try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(path)) {
                    list.filter(p -> p.toString().endsWith(".avsc")).sorted().forEach(files::add);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot list writer schemas in " + path, e);
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }

    /**
     * A copy of these codecs that writes what workers of {@code level} read, for a rolling upgrade from them:
     * level 1 writes {@link StatusCheck} and {@link LedgerEntry} in their version 1 (without {@code requestOffset});
     * level 2 is this version's own. Every level reads all of them.
     */
    public Codecs writingLevel(int level) {
        if (level == FORMAT_LEVEL) {
            return this;
        }
        if (level != 1) {
            throw new IllegalArgumentException("format level " + level + " is not one this version writes (1 or "
                    + FORMAT_LEVEL + ")");
        }
        return new Codecs(request.copy(), statusCheck.writingWith(history("StatusCheck-v1.avsc")), outcome.copy(),
                ledger.writingWith(history("LedgerEntry-v1.avsc")));
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

    private AvroCodec<?> codecFor(String fullName, java.nio.file.Path file) {
        for (AvroCodec<?> codec : java.util.List.of(request, statusCheck, outcome, ledger)) {
            if (codec.schema().getFullName().equals(fullName)) {
                return codec;
            }
        }
        throw new IllegalArgumentException(file + " defines " + fullName + ", which is not one of the worker's events");
    }
}
