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
        return codecs.request().decode(value);
    }

    @Override
    public OnboardingOutcome readOutcome(byte[] value) throws UndecodableRecordException {
        return codecs.outcome().decode(value);
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
