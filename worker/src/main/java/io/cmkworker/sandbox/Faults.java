package io.cmkworker.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Misbehaviour the sandbox shows on its Platform endpoints, set at start or while it runs (the
 * {@code sandbox} command's flags, {@code POST /sandbox/faults}, or {@link SandboxServer#faults()}).
 * An injected error is answered before the request reaches the configuration store, as a gateway
 * would, so it never creates anything. Replies are delayed on a scheduler, never by a sleeping thread.
 */
public final class Faults {

    /**
     * What to inject.
     *
     * @param errorRates probability of answering each status instead of serving (e.g. 503 -> 0.2)
     * @param throttleRate probability of answering 429 with {@code Retry-After: retryAfter}
     * @param retryAfter what a 429 asks for (whole seconds on the wire)
     * @param latency mean extra time before a Platform reply
     * @param latencyJitter the latency varies uniformly by up to this much either way
     * @param imsLatency extra time before an IMS token reply (a slow IMS)
     * @param rejectTokens answer 401 to every Platform call, whatever its token (a revoked credential)
     */
    public record Plan(Map<Integer, Double> errorRates, double throttleRate, Duration retryAfter, Duration latency,
                       Duration latencyJitter, Duration imsLatency, boolean rejectTokens) {

        public static final Plan NONE = new Plan(Map.of(), 0, Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
                Duration.ZERO, false);

        public Plan {
            errorRates = Map.copyOf(errorRates);
            double total = throttleRate;
            for (Map.Entry<Integer, Double> e : errorRates.entrySet()) {
                if (e.getKey() < 400 || e.getKey() > 599) {
                    throw new IllegalArgumentException("error rates are for 4xx and 5xx statuses, not " + e.getKey());
                }
                total += e.getValue();
            }
            if (throttleRate < 0 || total > 1) {
                throw new IllegalArgumentException("error and throttle rates must be >= 0 and add up to at most 1");
            }
            Objects.requireNonNull(retryAfter, "retryAfter");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(latencyJitter, "latencyJitter");
            Objects.requireNonNull(imsLatency, "imsLatency");
            if (latencyJitter.compareTo(latency) > 0) {
                throw new IllegalArgumentException("latencyJitter must not exceed latency");
            }
        }
    }

    private final Clock clock;
    private final Random random;
    private volatile Plan plan = Plan.NONE;
    private volatile Instant outageFrom = Instant.MIN;
    private volatile Instant outageUntil = Instant.MIN;
    private volatile Duration createReplyDelay = Duration.ZERO;

    Faults(Clock clock, long seed) {
        this.clock = clock;
        this.random = new Random(seed);
    }

    public void set(Plan plan) {
        this.plan = Objects.requireNonNull(plan, "plan");
    }

    public Plan plan() {
        return plan;
    }

    /** A full outage (every Platform call answers 503) from {@code from} for {@code length}. */
    public void outage(Instant from, Duration length) {
        this.outageFrom = from;
        this.outageUntil = from.plus(length);
    }

    /** A full outage starting now. */
    public void outage(Duration length) {
        outage(clock.instant(), length);
    }

    /**
     * Holds every answer to {@code POST /customer/config} for {@code delay} after the configuration is
     * stored: the window in which a worker that crashes has POSTed but not committed.
     */
    public void delayCreateReplies(Duration delay) {
        createReplyDelay = Objects.requireNonNull(delay, "delay");
    }

    boolean inOutage() {
        Instant now = clock.instant();
        return !now.isBefore(outageFrom) && now.isBefore(outageUntil);
    }

    /** The reply to give instead of serving a Platform call, if any. */
    Optional<Reply> inject() {
        if (inOutage()) {
            return Optional.of(Exchanges.gatewayError(503, "503001", "Service Unavailable (sandbox outage)"));
        }
        Plan p = plan;
        if (p.rejectTokens()) {
            return Optional.of(Exchanges.gatewayError(401, "401013", "Oauth token is not valid"));
        }
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < p.throttleRate()) {
            Reply throttled = Exchanges.problem(429, "Too Many Requests", "the sandbox is throttling this client");
            return Optional.of(new Reply(429, Map.of("Retry-After", Long.toString(p.retryAfter().toSeconds())),
                    throttled.body()));
        }
        roll -= p.throttleRate();
        for (Map.Entry<Integer, Double> e : new TreeMap<>(p.errorRates()).entrySet()) {
            if (roll < e.getValue()) {
                int status = e.getKey();
                return Optional.of(status >= 502 && status <= 504
                        ? Exchanges.gatewayError(status, status + "001", "upstream failure (sandbox fault)")
                        : Exchanges.problem(status, "Injected " + status, "the sandbox was told to answer " + status));
            }
            roll -= e.getValue();
        }
        return Optional.empty();
    }

    /** How long to hold a reply to {@code endpoint}. */
    Duration delay(String endpoint, boolean platform) {
        Plan p = plan;
        Duration delay = platform && !inOutage() ? p.latency() : Duration.ZERO;
        if (platform && !p.latencyJitter().isZero() && !inOutage()) {
            double spread;
            synchronized (random) {
                spread = random.nextDouble() * 2 - 1;
            }
            delay = delay.plusMillis(Math.round(spread * p.latencyJitter().toMillis()));
        }
        if (!platform && endpoint.endsWith(ImsHandler.PATH)) {
            delay = delay.plus(p.imsLatency());
        }
        if (endpoint.equals("POST " + PlatformHandler.CONFIG)) {
            delay = delay.plus(createReplyDelay);
        }
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    /** The current faults, as {@code GET /sandbox/faults} shows them. */
    Map<String, Object> describe() {
        Plan p = plan;
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Double> rates = new TreeMap<>();
        p.errorRates().forEach((status, rate) -> rates.put(Integer.toString(status), rate));
        out.put("errorRates", rates);
        out.put("throttleRate", p.throttleRate());
        out.put("retryAfter", p.retryAfter().toString());
        out.put("latency", p.latency().toString());
        out.put("latencyJitter", p.latencyJitter().toString());
        out.put("imsLatency", p.imsLatency().toString());
        out.put("rejectTokens", p.rejectTokens());
        out.put("outageFrom", outageFrom.equals(Instant.MIN) ? null : outageFrom.toString());
        out.put("outageUntil", outageUntil.equals(Instant.MIN) ? null : outageUntil.toString());
        out.put("inOutage", inOutage());
        out.put("createReplyDelay", createReplyDelay.toString());
        return out;
    }
}
