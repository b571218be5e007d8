package io.cmkworker.resilience;

import io.cmkworker.config.RetrySettings;
import io.cmkworker.platform.CircuitOpenException;
import io.cmkworker.platform.Futures;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Quick retries of a whole step (look up, then create; or read the status) for short outages,
 * waiting on a scheduler, never on a thread. Only retriable failures are retried here, and only when
 * the wait they ask for fits the in-process budget: a host whose breaker is open, or a
 * {@code Retry-After} longer than {@code platform.retry.max.backoff}, goes straight back to Kafka,
 * where a long outage costs no thread and no memory.
 */
public final class InProcessRetry {

    private final RetryConfig config;
    private final ScheduledExecutorService timers;
    private final Consumer<String> onRetry;
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    /**
     * @param random source of the jitter, in [0, 1)
     * @param onRetry told the step's name each time it is retried (metrics)
     */
    public InProcessRetry(RetrySettings settings, FailureClassifier classifier, ScheduledExecutorService timers,
                          DoubleSupplier random, Consumer<String> onRetry) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.onRetry = Objects.requireNonNull(onRetry, "onRetry");
        this.config = RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(new RetryBackoff(settings, random))
                .retryOnException(error -> {
                    Throwable e = Futures.unwrap(error);
                    Failure failure = classifier.classify(e);
                    return failure.retriable() && !(e instanceof CircuitOpenException)
                            && failure.retryAfter().map(d -> d.compareTo(settings.maxBackoff()) <= 0).orElse(true);
                })
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** Runs {@code attempt}, and again after a backoff while it fails in a way worth a quick retry. */
    public <T> CompletableFuture<T> run(String step, Supplier<CompletableFuture<T>> attempt) {
        Retry retry = retries.computeIfAbsent(step, name -> {
            Retry r = Retry.of(name, config);
            r.getEventPublisher().onRetry(e -> onRetry.accept(name));
            return r;
        });
        return retry.executeCompletionStage(timers, attempt::get).toCompletableFuture();
    }
}
