package io.cmkworker.events;

/** The codecs of the worker's three events, built once and shared (they are thread-safe). */
public final class Codecs {

    public static final AvroCodec<OnboardingRequest> REQUEST =
            new AvroCodec<>(OnboardingRequest.class, OnboardingRequest.getClassSchema());
    public static final AvroCodec<StatusCheck> STATUS_CHECK =
            new AvroCodec<>(StatusCheck.class, StatusCheck.getClassSchema());
    public static final AvroCodec<OnboardingOutcome> OUTCOME =
            new AvroCodec<>(OnboardingOutcome.class, OnboardingOutcome.getClassSchema());

    private Codecs() {
    }
}
