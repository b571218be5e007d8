package io.cmkworker.events;

import java.util.Optional;

/**
 * How the two events other systems exchange with the worker go on the wire: the requests it reads and the
 * outcomes it writes. {@link #singleObject} is Avro single-object encoding, the default; the Schema Registry
 * wire format is in {@code events.registry}. The topics only workers read (delay tiers, ledger) always use
 * {@link Codecs}, whatever the format. Thread-safe.
 */
public interface WireFormat extends AutoCloseable {

    /** A request as upstream wrote it. */
    OnboardingRequest readRequest(byte[] value) throws UndecodableRecordException;

    /** An outcome as a worker wrote it. */
    OnboardingOutcome readOutcome(byte[] value) throws UndecodableRecordException;

    byte[] writeRequest(OnboardingRequest request);

    byte[] writeOutcome(OnboardingOutcome outcome);

    /**
     * The request in a value, if it is one this format reads without asking anyone (no schema registry call):
     * for the headers of a dead letter, which must not wait on a registry that just failed.
     */
    Optional<OnboardingRequest> peekRequest(byte[] value);

    /** What this format is, for the logs: {@code Avro single-object encoding}, or the registry it uses. */
    String describe();

    /** Releases what the format holds (a registry client); single-object encoding holds nothing. */
    @Override
    default void close() {
    }

    /** Avro single-object encoding with these codecs: what the worker reads and writes unless told otherwise. */
    static WireFormat singleObject(Codecs codecs) {
        return new SingleObjectFormat(codecs);
    }
}
