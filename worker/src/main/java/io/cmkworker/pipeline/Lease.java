package io.cmkworker.pipeline;

/**
 * Whether the work on a record may still have effects outside Kafka. It stops being active when the
 * record's partition is taken from this instance; the non-idempotent POST is only sent while it is.
 */
@FunctionalInterface
public interface Lease {

    boolean active();

    /** A lease that never ends, for tools and tests that own their records outright. */
    Lease ALWAYS = () -> true;
}
