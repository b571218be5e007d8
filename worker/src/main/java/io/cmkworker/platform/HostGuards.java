package io.cmkworker.platform;

import io.cmkworker.config.BreakerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Resilience4j circuit breaker for each host the worker calls (each Platform host, and IMS). The
 * {@link CallScheduler} asks {@link #refusal} just before a call would start: a host whose breaker is
 * open refuses at once with {@link CircuitOpenException}, and no call is made. Each call's result is then
 * {@link #record}ed: no answer, 429 and 5xx count as failures ({@link HttpStatuses}); any other answer
 * shows the host is up.
 */
public final class HostGuards {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(HostGuards.class);

    /** Which kind of host a call goes to; Platform and IMS get separate guards even on one host. */
    public enum Kind { PLATFORM, IMS }

    /** How long a half-open breaker that refused a call (its trial calls are out) is asked again after. */
    static final java.time.Duration HALF_OPEN_RETRY = java.time.Duration.ofSeconds(1);

    private final CircuitBreakerConfig breakerConfig;
    private final CallObserver observer;
    private final java.time.Duration openFor;
    private final Clock clock;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final Map<String, Long> openedAtMillis = new ConcurrentHashMap<>();

    /**
     * @param breaker when a host's breaker opens, and for how long
     * @param clock the time a breaker stays open is measured on (a test's clock moves it by hand)
     */
    public HostGuards(BreakerSettings breaker, CallObserver observer, Clock clock) {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.openFor = breaker.openFor();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindow(breaker.window(), breaker.window(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(breaker.failureRatePercent())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(breaker.trialCalls())
                // Open to half-open on this clock, when the breaker is next asked (a call, anyOpen, a scrape),
                // instead of on a timer thread of Resilience4j's own that no injected clock can move.
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** The guard (and scheduler lane) of a host: {@code platform:<host>} or {@code ims:<host>}. */
    public static String name(Kind kind, String host) {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + host;
    }

    /**
     * Asks the guard's breaker for a call now: null if it may go (in half-open state this takes one of the
     * trial calls, so a call let through must be {@link #record}ed), else the exception to fail it with.
     */
    public RuntimeException refusal(String guard) {
        CircuitBreaker breaker = breaker(guard);
        if (breaker.tryAcquirePermission()) {
            return null;
        }
        java.time.Duration reopensIn = HALF_OPEN_RETRY;
        Long opened = openedAtMillis.get(guard);
        if (breaker.getState() == CircuitBreaker.State.OPEN && opened != null) {
            long left = openFor.toMillis() - (clock.millis() - opened);
            reopensIn = java.time.Duration.ofMillis(Math.max(0, left));
        }
        return new CircuitOpenException(guard, reopensIn);
    }

    /** Records how a call that was let through ended. */
    public void record(String guard, long nanos, Throwable error, boolean hostFailure) {
        CircuitBreaker breaker = breaker(guard);
        if (error != null) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
        } else if (hostFailure) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new IllegalStateException(guard + " answered a failure"));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A call let through was dropped before it was sent: gives its permission back, judging nothing. */
    public void release(String guard) {
        breaker(guard).releasePermission();
    }

    private CircuitBreaker breaker(String guard) {
        return breakers.computeIfAbsent(guard, this::newBreaker);
    }

    private CircuitBreaker newBreaker(String name) {
        CircuitBreaker breaker = CircuitBreaker.of(name, breakerConfig);
        breaker.getEventPublisher().onStateTransition(e -> {
            String from = e.getStateTransition().getFromState().name();
            String to = e.getStateTransition().getToState().name();
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAtMillis.put(name, clock.millis());
            }
            if (to.equals("CLOSED")) {
                log.info("circuit breaker of {}: {} -> {}", name, from, to);
            } else {
                log.warn("circuit breaker of {}: {} -> {}", name, from, to);
            }
            observer.breakerTransition(name, from, to);
        });
        observer.breaker(name, () -> switch (halfOpenIfDue(breaker).getState()) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
        });
        return breaker;
    }

    /** An open breaker whose time is up lets trial calls through from now on (half-open). */
    private CircuitBreaker halfOpenIfDue(CircuitBreaker breaker) {
        Long opened = openedAtMillis.get(breaker.getName());
        if (breaker.getState() == CircuitBreaker.State.OPEN && opened != null
                && clock.millis() - opened >= openFor.toMillis()) {
            try {
                breaker.transitionToHalfOpenState();
            } catch (IllegalStateException e) {
                // another thread moved it meanwhile
            }
        }
        return breaker;
    }

    /** True while any host's breaker is open: the worker should take no new requests. */
    public boolean anyOpen() {
        for (CircuitBreaker breaker : breakers.values()) {
            CircuitBreaker.State state = halfOpenIfDue(breaker).getState();
            if (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN) {
                return true;
            }
        }
        return false;
    }

    /** Each guard's breaker state, by {@code kind:host}. */
    public Map<String, String> states() {
        Map<String, String> out = new TreeMap<>();
        breakers.forEach((name, breaker) -> out.put(name, halfOpenIfDue(breaker).getState().name()));
        return out;
    }
}
