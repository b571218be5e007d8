package io.cmkworker.events.registry;

import io.cmkworker.events.AvroBounds;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * How the serde reads a body once the registry has given it the writer schema: resolved against the worker's own
 * schema of that event (a newer upstream schema reads as the worker's version, as in single-object encoding), and
 * bounds-checked first ({@link AvroBounds}). A writer schema that names none of the worker's events is refused,
 * never looked up as a class. Writing is the serde's default. Named in the serde's configuration, so public.
 */
public final class ResolvingDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private static final Map<String, Schema> READERS = Map.of(
            OnboardingRequest.getClassSchema().getFullName(), OnboardingRequest.getClassSchema(),
            OnboardingOutcome.getClassSchema().getFullName(), OnboardingOutcome.getClassSchema());

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();

    @Override
    public DatumReader<T> createDatumReader(Schema writer) {
        return readers.computeIfAbsent(writer, w -> {
            Schema reader = READERS.get(w.getFullName());
            if (reader == null) {
                throw new IllegalArgumentException("the registry's schema for this ID is " + w.getFullName()
                        + ", which is not one of the worker's events");
            }
            return new BoundedReader<>(w, new SpecificDatumReader<>(w, reader));
        });
    }

    /** Checks the body against the writer schema before the resolving reader builds anything from it. */
    private static final class BoundedReader<T> implements DatumReader<T> {

        private final Schema writer;
        private final DatumReader<T> resolving;

        BoundedReader(Schema writer, DatumReader<T> resolving) {
            this.writer = writer;
            this.resolving = resolving;
        }

        @Override
        public void setSchema(Schema schema) {
            throw new UnsupportedOperationException("the writer schema is fixed");
        }

        @Override
        public T read(T reuse, Decoder in) throws IOException {
            if (!(in instanceof BinaryDecoder binary)) {
                throw new IllegalStateException("expected Avro binary encoding, got " + in.getClass().getSimpleName());
            }
            byte[] body = binary.inputStream().readAllBytes();
            AvroBounds.check(writer, body, 0);
            return resolving.read(reuse, DecoderFactory.get().binaryDecoder(body, null));
        }
    }
}
