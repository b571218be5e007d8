package io.cmkworker.config;

import java.util.Objects;

/** The names of the worker's topics; every one is configurable. */
public record TopicNames(String requests, String outcomes, String deadLetters, String ledger, String delayPrefix) {

    public TopicNames {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(outcomes, "outcomes");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(delayPrefix, "delayPrefix");
    }
}
