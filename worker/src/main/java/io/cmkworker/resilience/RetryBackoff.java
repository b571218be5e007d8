package io.cmkworker.resilience;

import io.cmkworker.config.RetrySettings;
import io.cmkworker.platform.Futures;
import io.cmkworker.platform.PlatformCallException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The wait before quick retry number {@code n} (from 1): the server's {@code Retry-After} when it sent
 * one, else {@code initial * 2^(n-1)}, capped at the maximum, spread by the jitter
 * ({@code factor = 1 - jitter + 2 * jitter * random}) and capped again. The random source is injected,
 * so tests get exact sequences.
 */
public final class RetryBackoff implements IntervalBiFunction<Object> {

    private final RetrySettings settings;
    private final DoubleSupplier random;

    public RetryBackoff(RetrySettings settings, DoubleSupplier random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
        if (outcome != null && outcome.isLeft()
                && Futures.unwrap(outcome.getLeft()) instanceof PlatformCallException call
                && call.retryAfter().isPresent()) {
            return call.retryAfter().get().toMillis();
        }
        return delay(attempt).toMillis();
    }

    /** The wait before quick retry {@code attempt} (from 1) when the server asked for none. */
    public Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        double max = settings.maxBackoff().toMillis();
        double nominal = Math.min(max, settings.initialBackoff().toMillis() * Math.pow(2, attempt - 1));
        double factor = 1 - settings.jitter() + 2 * settings.jitter() * random.getAsDouble();
        return Duration.ofMillis(Math.round(Math.min(max, nominal * factor)));
    }
}
