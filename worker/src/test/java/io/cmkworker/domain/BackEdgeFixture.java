package io.cmkworker.domain;

import io.cmkworker.kafka.KafkaClients;

/**
 * A test-only class in {@code domain} that uses the Kafka adapter: the back-edge
 * {@code PackageWallsTest.aWallCatchesABackEdge} shows the domain's wall refusing. Never in the production jar.
 */
public final class BackEdgeFixture {

    private BackEdgeFixture() {
    }

    public static String clients() {
        return KafkaClients.class.getName();
    }
}
