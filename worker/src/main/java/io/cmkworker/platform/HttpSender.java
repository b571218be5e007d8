package io.cmkworker.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP request asynchronously through the shared {@link CallScheduler}, with the call timeout,
 * and turns "no response" into a {@link PlatformCallException} with status 0.
 */
public final class HttpSender {

    private final HttpClient http;
    private final CallScheduler scheduler;
    private final HostGuards guards;
    private final CallObserver observer;
    private final java.util.concurrent.Executor completions;
    private final Duration callTimeout;
    private final Clock clock;
    private final Set<String> allowedHosts;
    private final String userAgent;

    /**
     * @param completions where what follows a call runs, off the HTTP client's own threads
     * @param userAgent names this worker and instance on every call, so the far side can tell who called
     * @param allowedHosts the only hosts a call may go to (the configured Platform hosts and IMS); a call to any
     *     other fails before it is sent, whatever built its URL
     */
    public HttpSender(HttpClient http, CallScheduler scheduler, HostGuards guards, CallObserver observer,
                      java.util.concurrent.Executor completions, Duration callTimeout, Clock clock, Set<String> allowedHosts, String userAgent) {
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.guards = Objects.requireNonNull(guards, "guards");
        this.observer = Objects.requireNonNull(observer, "observer");
        this.completions = Objects.requireNonNull(completions, "completions");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    /** A request builder with the call timeout and the User-Agent already set. */
    public HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(callTimeout).header("User-Agent", userAgent);
    }

    /**
     * Sends through the {@link CallScheduler} (bulkhead, the host's rate, priorities) and the host's circuit
     * breaker. {@code context.mayProceed()} is asked at the last moment, after any wait: if it says no, the
     * call fails with {@link CallAbandonedException} and nothing is sent. Fails with
     * {@link CircuitOpenException} when the breaker refuses, with a {@link PlatformCallException} of status 0
     * when no response came.
     */
    public CompletableFuture<HttpResponse<String>> send(PlatformOperation operation, HttpRequest request,
                                                        CallContext context) {
        String host = request.uri().getHost();
        if (host == null || !allowedHosts.contains(host.toLowerCase(java.util.Locale.ROOT))
                || request.uri().getRawUserInfo() != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("refusing to call "
                    + request.uri().getScheme() + "://" + host + ": only " + allowedHosts + " may be called"));
        }
        HostGuards.Kind kind = operation == PlatformOperation.IMS_TOKEN ? HostGuards.Kind.IMS : HostGuards.Kind.PLATFORM;
        String guard = HostGuards.name(kind, host);
        long[] started = new long[1];
        return scheduler.submit(guard, context.priority(), context.mayProceed(), () -> {
                    started[0] = System.nanoTime();
                    context.firstCallLateness(clock.instant()).ifPresent(observer::lateness);
                    // The request timeout stops at the response headers; this one bounds the body too.
                    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .orTimeout(callTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                            .whenComplete((response, error) -> {
                                if (error != null && abandoned(error)) {
                                    guards.release(guard);
                                    return;
                                }
                                boolean hostFailure = response != null
                                        && HttpStatuses.isHostFailure(response.statusCode());
                                guards.record(guard, System.nanoTime() - started[0], error, hostFailure);
                                if (response != null && (response.statusCode() == 429 || !hostFailure)) {
                                    scheduler.answered(guard, response.statusCode() == 429);
                                }
                            });
                })
                .handleAsync((response, error) -> {
                    Duration took = started[0] == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - started[0]);
                    if (error == null) {
                        observer.called(operation, response.statusCode(), took);
                        return response;
                    }
                    Throwable cause = Futures.unwrap(error);
                    if (cause instanceof CircuitOpenException open) {
                        observer.called(operation, -1, Duration.ZERO);
                        throw open;
                    }
                    if (abandoned(cause)) {
                        throw new CallAbandonedException(operation);
                    }
                    observer.called(operation, 0, took);
                    throw new PlatformCallException(operation, 0, null, null, cause);
                }, completions);
    }

    /** True if the call was dropped for its lease, before or while the HTTP client would have sent it. */
    private static boolean abandoned(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof CallAbandonedException) {
                return true;
            }
        }
        return false;
    }

    /** A failure for a response that was not a success, with the parsed error body and Retry-After. */
    public PlatformCallException failure(PlatformOperation operation, HttpResponse<String> response,
                                         com.fasterxml.jackson.databind.ObjectMapper json) {
        return new PlatformCallException(operation, response.statusCode(), PlatformError.parse(json, response.body()),
                RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()), null);
    }
}
