package io.cmkworker.platform;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends one HTTP request asynchronously through the shared {@link CallLimiter}, with the call timeout,
 * and turns "no response" into a {@link PlatformCallException} with status 0.
 */
public final class HttpSender {

    private final HttpClient http;
    private final CallLimiter limiter;
    private final Duration callTimeout;
    private final Clock clock;

    public HttpSender(HttpClient http, CallLimiter limiter, Duration callTimeout, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A request builder with the call timeout already set. */
    public HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(callTimeout);
    }

    public CompletableFuture<HttpResponse<String>> send(PlatformOperation operation, HttpRequest request) {
        return limiter.submit(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw new PlatformCallException(operation, 0, null, null, cause);
                    }
                    return response;
                });
    }

    /** A failure for a response that was not a success, with the parsed error body and Retry-After. */
    public PlatformCallException failure(PlatformOperation operation, HttpResponse<String> response,
                                         com.fasterxml.jackson.databind.ObjectMapper json) {
        return new PlatformCallException(operation, response.statusCode(), PlatformError.parse(json, response.body()),
                RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()), null);
    }
}
