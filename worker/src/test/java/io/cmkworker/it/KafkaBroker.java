package io.cmkworker.it;

import io.cmkworker.embedded.EmbeddedKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one real Kafka broker (KRaft, child JVM) per test JVM, started on first use and
 * stopped when the JVM's tests are done. Tests get isolation from their own topics and groups
 * ({@link TestNames}), not from separate brokers.
 */
public final class KafkaBroker implements BeforeAllCallback {

    private static EmbeddedKafka broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
        store.getOrComputeIfAbsent(KafkaBroker.class, k -> {
            broker = EmbeddedKafka.start();
            return (AutoCloseable) () -> broker.close();
        });
    }

    public static String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("annotate the test with @ExtendWith(KafkaBroker.class)");
        }
        return broker.bootstrapServers();
    }
}
