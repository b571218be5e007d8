package io.cmkworker.kafka.loop;

/**
 * How many new requests the loop may take now. The rest stay in Kafka until there is room: the budget of
 * calls belongs first to the onboardings already in flight.
 */
@FunctionalInterface
public interface Intake {

    /** @param inFlight onboardings taken and not yet answered in this instance's slots */
    long admissible(long inFlight);
}
