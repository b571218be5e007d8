package io.cmkworker.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cmkworker.platform.PlatformModel.AppRegistration;
import io.cmkworker.platform.PlatformModel.ConfigJob;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import io.cmkworker.platform.PlatformModel.NewConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The three Platform CMK calls, exactly as the reference documents them: headers
 * {@code Authorization: Bearer}, {@code x-api-key: acp_provisioning}, {@code x-gw-ims-org-id}, and
 * {@code Content-Type: application/json} on the POST. A 401 gets one more try with a freshly minted
 * token; a second 401 is the caller's to handle.
 */
public final class PlatformClient {

    /** The static API key the reference prescribes for every CMK call. */
    public static final String API_KEY = "acp_provisioning";

    private final HttpSender sender;
    private final PlatformEndpoints endpoints;
    private final TokenSource tokens;
    private final ObjectMapper json;

    public PlatformClient(HttpSender sender, PlatformEndpoints endpoints, TokenSource tokens, ObjectMapper json) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.json = Objects.requireNonNull(json, "json");
    }

    /** {@code GET /byok/app-registration}: the consent URL of Adobe's CMK app for this organisation. */
    public CompletableFuture<AppRegistration> appRegistration(OrgTarget target) {
        PlatformOperation op = PlatformOperation.APP_REGISTRATION;
        return call(target, op, token -> authorized(endpoints.appRegistration(target.region()), target, token).GET(),
                CallContext.ANY)
                .thenApply(response -> {
                    if (response.statusCode() != 200) {
                        throw sender.failure(op, response, json);
                    }
                    return read(op, response, AppRegistration.class);
                });
    }

    /** {@code POST /customer/config}: starts the asynchronous job that turns on the key. Not idempotent. */
    public CompletableFuture<CreateResult> createConfig(OrgTarget target, NewConfig config) {
        return createConfig(target, config, CallContext.ANY);
    }

    /**
     * {@code POST /customer/config}, sent only if the context's {@code mayProceed} still says yes at the moment
     * it would go on the wire (also before a resend after a 401); otherwise it fails with
     * {@link CallAbandonedException}.
     */
    public CompletableFuture<CreateResult> createConfig(OrgTarget target, NewConfig config, CallContext context) {
        PlatformOperation op = PlatformOperation.CREATE_CONFIG;
        byte[] body;
        try {
            body = json.writeValueAsBytes(config);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot write config as JSON", e));
        }
        return call(target, op, token -> authorized(endpoints.createConfig(target.region()), target, token)
                .header("Content-Type", "application/json")
                .POST(LeasedBody.of(body, context.mayProceed(), op.description())), context)
                .thenApply(response -> {
                    int status = response.statusCode();
                    if (status == 409) {
                        return new CreateResult.AlreadyExists(PlatformError.parse(json, response.body()));
                    }
                    if (status != 200 && status != 201 && status != 202) {
                        throw sender.failure(op, response, json);
                    }
                    return new CreateResult.Created(read(op, response, ConfigJob.class));
                });
    }

    /** {@code GET /customer/config/{name}?configType=BYOK_CONFIG}: the job's status, or empty when there is no such config. */
    public CompletableFuture<Optional<ConfigStatus>> findConfig(OrgTarget target, String configName) {
        return findConfig(target, configName, CallContext.ANY);
    }

    /**
     * {@code GET /customer/config/{name}}, queued at the context's priority and sent only if its
     * {@code mayProceed} still says yes when it would go on the wire; otherwise it fails with
     * {@link CallAbandonedException}.
     */
    public CompletableFuture<Optional<ConfigStatus>> findConfig(OrgTarget target, String configName,
                                                                CallContext context) {
        PlatformOperation op = PlatformOperation.GET_CONFIG;
        return call(target, op, token ->
                authorized(endpoints.configStatus(target.region(), configName), target, token).GET(), context)
                .thenApply(response -> {
                    if (response.statusCode() == 404) {
                        return Optional.empty();
                    }
                    if (response.statusCode() != 200) {
                        throw sender.failure(op, response, json);
                    }
                    return Optional.of(read(op, response, ConfigStatus.class));
                });
    }

    private CompletableFuture<HttpResponse<String>> call(OrgTarget target, PlatformOperation op,
                                                         Function<AccessToken, HttpRequest.Builder> request,
                                                         CallContext context) {
        return attempt(target, op, request, context).thenCompose(first -> {
            if (first.response.statusCode() != 401) {
                return CompletableFuture.completedFuture(first.response);
            }
            tokens.invalidate(target.credentialRef(), first.token);
            return attempt(target, op, request, context).thenApply(second -> second.response);
        });
    }

    private record Attempt(AccessToken token, HttpResponse<String> response) {
    }

    private CompletableFuture<Attempt> attempt(OrgTarget target, PlatformOperation op,
                                               Function<AccessToken, HttpRequest.Builder> request,
                                               CallContext context) {
        return tokens.token(target.credentialRef()).thenCompose(token -> {
            HttpRequest built;
            try {
                built = request.apply(token).build();
            } catch (IllegalArgumentException e) {
                // No cause: the JDK's message would quote the header, and the Authorization header holds the token.
                return CompletableFuture.failedFuture(new IllegalArgumentException(
                        op.description() + ": the request cannot be built from this input"));
            }
            return sender.send(op, built, context).thenApply(response -> new Attempt(token, response));
        });
    }

    private HttpRequest.Builder authorized(java.net.URI uri, OrgTarget target, AccessToken token) {
        return sender.request(uri)
                .header("Authorization", "Bearer " + token.value().reveal())
                .header("x-api-key", API_KEY)
                .header("x-gw-ims-org-id", target.orgId())
                .header("Accept", "application/json");
    }

    private <T> T read(PlatformOperation op, HttpResponse<String> response, Class<T> type) {
        try {
            return json.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new PlatformCallException(op, response.statusCode(),
                    new PlatformError("", "response is not the documented JSON: " + e.getOriginalMessage()), null, null);
        }
    }
}
