package io.cmkworker.events;

import java.util.Optional;

/** Avro single-object encoding ({@code C3 01}, the schema fingerprint, the body) for requests and outcomes. */
final class SingleObjectFormat implements WireFormat {

    private final Codecs codecs;

    SingleObjectFormat(Codecs codecs) {
        this.codecs = codecs;
    }

    @Override
    public OnboardingRequest readRequest(byte[] value) throws UndecodableRecordException {
        try {
            return codecs.request().decode(value);
        } catch (UndecodableRecordException e) {
            throw hinted(value, e);
        }
    }

    @Override
    public OnboardingOutcome readOutcome(byte[] value) throws UndecodableRecordException {
        try {
            return codecs.outcome().decode(value);
        } catch (UndecodableRecordException e) {
            throw hinted(value, e);
        }
    }

    /** Says what a value that starts like the registry's framing probably is, and what reads it. */
    private static UndecodableRecordException hinted(byte[] value, UndecodableRecordException e) {
        if (value == null || value.length < 5 || value[0] != 0) {
            return e;
        }
        return new UndecodableRecordException(e.getMessage() + "; it looks like the Schema Registry wire format (a"
                + " zero byte, then a 4-byte schema ID), which is read with schemas.registry.url set", e);
    }

    @Override
    public byte[] writeRequest(OnboardingRequest request) {
        return codecs.request().encode(request);
    }

    @Override
    public byte[] writeOutcome(OnboardingOutcome outcome) {
        return codecs.outcome().encode(outcome);
    }

    @Override
    public Optional<OnboardingRequest> peekRequest(byte[] value) {
        try {
            return Optional.of(codecs.request().decode(value));
        } catch (UndecodableRecordException e) {
            return Optional.empty();
        }
    }

    @Override
    public String describe() {
        return "Avro single-object encoding";
    }
}
