package io.cmkworker.metrics;

import io.cmkworker.platform.PlatformOperation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;

/**
 * The meters of the HTTP calls to the Platform and IMS, for {@link WorkerMetrics} (the {@code CallObserver} the
 * platform adapter tells): calls by operation and status and their time on the wire, each host's circuit breaker,
 * and each host's rate limit and its cuts.
 */
final class CallMeters {

    private final MeterRegistry registry;

    CallMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void called(PlatformOperation operation, int status, Duration took) {
        String s = status == -1 ? "breaker-open" : status == 0 ? "no-response" : Integer.toString(status);
        Counter.builder("cmk.platform.calls").tag("operation", operation.name()).tag("status", s)
                .description("Platform and IMS calls by operation and HTTP status (no-response: none came;"
                        + " breaker-open: refused by the host's circuit breaker, never sent)")
                .register(registry).increment();
        if (status != -1) {
            Timer.builder("cmk.platform.call.duration").tag("operation", operation.name()).tag("status", s)
                    .description("Time on the wire of Platform and IMS calls").publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry).record(took);
        }
    }

    void breakerTransition(String guard, String from, String to) {
        transitionCounter(guard, from, to).increment();
    }

    private Counter transitionCounter(String guard, String from, String to) {
        return Counter.builder("cmk.breaker.transitions").tag("guard", guard).tag("from", from).tag("to", to)
                .description("Circuit breaker state changes of each host's guard (CLOSED, OPEN, HALF_OPEN)")
                .register(registry);
    }

    void breaker(String guard, IntSupplier state) {
        Gauge.builder("cmk.breaker.state", state, s -> s.getAsInt()).tag("guard", guard)
                .description("A host's circuit breaker: 0 closed, 1 half-open, 2 open").strongReference(true)
                .register(registry);
        // The transition an outage starts with, at zero until it happens.
        transitionCounter(guard, "CLOSED", "OPEN");
    }

    void lane(String lane, DoubleSupplier rate) {
        Gauge.builder("cmk.platform.rate.limit", rate, DoubleSupplier::getAsDouble).tag("guard", lane)
                .baseUnit("calls.per.second")
                .description("The most calls a second the worker sends a host now (cut on 429s, grows back slowly)")
                .strongReference(true).register(registry);
        rateCutCounter(lane);
    }

    void rateCut(String lane) {
        rateCutCounter(lane).increment();
    }

    private Counter rateCutCounter(String lane) {
        return Counter.builder("cmk.platform.rate.cuts").tag("guard", lane)
                .description("Times a host's call rate was cut because too many of its recent answers were 429")
                .register(registry);
    }
}
