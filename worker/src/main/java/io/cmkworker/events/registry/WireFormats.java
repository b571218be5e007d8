package io.cmkworker.events.registry;

import io.cmkworker.config.RegistrySettings;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.WireFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The wire format a configuration asks for: Avro single-object encoding, or with {@code schemas.registry.url} the
 * Schema Registry wire format, its writer's schema registered before anything is published.
 */
public final class WireFormats {

    /** How long the registry may take to answer at start before the worker or command gives up. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private WireFormats() {
    }

    /**
     * The worker's format: it reads requests and writes outcomes. With a registry, the outcome schema is registered
     * first.
     *
     * @throws IncompatibleSchemaException if the registry refuses the outcome schema
     * @throws IllegalStateException if the registry cannot be reached or does not answer in time
     */
    public static WireFormat forWorker(WorkerConfig config, Codecs codecs) {
        return open(config, codecs, RegistryFormat::registerOutcomes);
    }

    /** For publishing requests ({@code submit}): with a registry, the request schema is registered first. */
    public static WireFormat forRequests(WorkerConfig config) {
        return open(config, Codecs.STANDARD, RegistryFormat::registerRequests);
    }

    /** For reading requests and outcomes only ({@code outcomes}): nothing is registered. */
    public static WireFormat forReading(WorkerConfig config) {
        return open(config, Codecs.STANDARD, format -> { });
    }

    private static WireFormat open(WorkerConfig config, Codecs codecs, Consumer<RegistryFormat> prepare) {
        if (config.registry().isEmpty()) {
            return WireFormat.singleObject(codecs);
        }
        RegistrySettings settings = config.registry().get();
        RegistryFormat format = new RegistryFormat(settings, config.topics(), codecs, Clock.systemUTC());
        try {
            // The client's calls carry no timeout of their own: the start is bounded here.
            CompletableFuture.runAsync(() -> prepare.accept(format))
                    .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return format;
        } catch (ExecutionException e) {
            format.close();
            if (e.getCause() instanceof IncompatibleSchemaException || e.getCause() instanceof IllegalStateException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException("cannot register the schema in the schema registry at " + settings.url()
                    + ": " + RegistryErrors.summary(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            format.close();
            throw new IllegalStateException("the schema registry at " + settings.url() + " did not answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            format.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering the schema", e);
        }
    }
}
