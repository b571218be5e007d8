package io.cmkworker.platform;

import io.cmkworker.config.BreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Resilience4j rate limiter and circuit breaker for each host the worker calls (each Platform host,
 * and IMS), applied to every call without blocking a thread: a call that must wait for the rate limit
 * is scheduled for later; a call to a host whose breaker is open fails at once with
 * {@link CircuitOpenException}. The breaker counts no-answers, 429 and 5xx as failures
 * ({@link HttpStatuses}); any other answer shows the host is up.
 */
public final class HostGuards {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostGuards.class);

    /** Which kind of host a call goes to; Platform and IMS get separate guards even on one host. */
    public enum Kind { PLATFORM, IMS }

    private record Guard(RateLimiter rateLimiter, CircuitBreaker breaker) {
    }

    private final RateLimiterConfig rateLimiterConfig;
    private final CircuitBreakerConfig breakerConfig;
    private final ScheduledExecutorService timers;
    private final CallObserver observer;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param callsPerSecond most calls per second to one host
     * @param breaker when a host's breaker opens, and for how long
     * @param timers runs calls that waited for the rate limit
     */
    public HostGuards(int callsPerSecond, BreakerSettings breaker, ScheduledExecutorService timers,
                      CallObserver observer) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.observer = Objects.requireNonNull(observer, "observer");
        // Spread the permits over ten slots a second, so a burst is a tenth of the rate, not all of it.
        int slots = callsPerSecond >= 10 ? 10 : 1;
        this.rateLimiterConfig = RateLimiterConfig.custom()
                .limitForPeriod(callsPerSecond / slots)
                .limitRefreshPeriod(Duration.ofMillis(1000 / slots))
                .timeoutDuration(Duration.ofDays(1))
                .build();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindow(breaker.window(), breaker.window(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(breaker.failureRatePercent())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(breaker.trialCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build();
    }

    /**
     * Runs {@code call} under the guards of {@code host}.
     *
     * @param hostFailure says which successful results still count as a failure of the host (429, 5xx)
     */
    public <T> CompletableFuture<T> call(Kind kind, String host, Supplier<CompletableFuture<T>> call,
                                         Predicate<T> hostFailure) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + host;
        Guard guard = guards.computeIfAbsent(name, this::newGuard);
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable attempt = () -> attempt(name, guard, call, hostFailure, result);
        long waitNanos = guard.rateLimiter().reservePermission();
        if (waitNanos > 0) {
            observer.throttled(name);
            waiting.incrementAndGet();
            timers.schedule(() -> {
                waiting.decrementAndGet();
                attempt.run();
            }, waitNanos, TimeUnit.NANOSECONDS);
        } else {
            attempt.run();
        }
        return result;
    }

    private <T> void attempt(String name, Guard guard, Supplier<CompletableFuture<T>> call, Predicate<T> hostFailure,
                             CompletableFuture<T> result) {
        CircuitBreaker breaker = guard.breaker();
        if (!breaker.tryAcquirePermission()) {
            result.completeExceptionally(new CircuitOpenException(name));
            return;
        }
        long start = System.nanoTime();
        CompletableFuture<T> running;
        try {
            running = call.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((value, error) -> {
            long took = System.nanoTime() - start;
            if (error != null) {
                breaker.onError(took, TimeUnit.NANOSECONDS, error);
                result.completeExceptionally(error);
                return;
            }
            if (hostFailure.test(value)) {
                breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(name + " answered a failure"));
            } else {
                breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            }
            result.complete(value);
        });
    }

    private Guard newGuard(String name) {
        CircuitBreaker breaker = CircuitBreaker.of(name, breakerConfig);
        breaker.getEventPublisher().onStateTransition(e -> {
            String from = e.getStateTransition().getFromState().name();
            String to = e.getStateTransition().getToState().name();
            if (to.equals("CLOSED")) {
                log.info("circuit breaker of {}: {} -> {}", name, from, to);
            } else {
                log.warn("circuit breaker of {}: {} -> {}", name, from, to);
            }
            observer.breakerTransition(name, from, to);
        });
        return new Guard(RateLimiter.of(name, rateLimiterConfig), breaker);
    }

    /** Calls waiting for a host's rate limit. */
    public int waiting() {
        return waiting.get();
    }

    /** True while any host's breaker is open: the worker should take no new requests. */
    public boolean anyOpen() {
        for (Guard guard : guards.values()) {
            CircuitBreaker.State state = guard.breaker().getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                return true;
            }
        }
        return false;
    }

    /** Each guard's breaker state, by {@code kind:host}. */
    public Map<String, String> states() {
        Map<String, String> out = new TreeMap<>();
        guards.forEach((name, guard) -> out.put(name, guard.breaker().getState().name()));
        return out;
    }
}
