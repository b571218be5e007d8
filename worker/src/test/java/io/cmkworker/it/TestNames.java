package io.cmkworker.it;

import java.util.UUID;

/** Unique topic, group and instance names for one test, so tests share a broker without sharing state. */
public record TestNames(String prefix) {

    public static TestNames unique(String label) {
        return new TestNames(label + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String requests() {
        return prefix + ".requests";
    }

    public String outcomes() {
        return prefix + ".outcomes";
    }

    public String dlq() {
        return prefix + ".dlq";
    }

    public String ledger() {
        return prefix + ".ledger";
    }

    public String delayPrefix() {
        return prefix + ".delay";
    }

    public String group() {
        return prefix + "-group";
    }
}
