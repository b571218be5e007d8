package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.cmkworker.config.Durations;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /sandbox/faults} shows the faults; {@code POST /sandbox/faults} changes them while the
 * sandbox runs. Body fields, all optional (absent ones keep their value): {@code errorRates}
 * ({@code {"503": 0.2}}), {@code throttleRate}, {@code retryAfter}, {@code latency},
 * {@code latencyJitter}, {@code imsLatency} (durations like {@code "200ms"}), {@code rejectTokens},
 * {@code outage} (a duration: a full outage starting now), {@code revokeTokens} (true: every token
 * minted so far stops working), {@code createReplyDelay}.
 */
final class FaultsHandler implements SandboxEndpoint {

    static final String PATH = "/sandbox/faults";

    private final Faults faults;
    private final TokenRegistry tokens;
    private final ObjectMapper json;

    FaultsHandler(Faults faults, TokenRegistry tokens, ObjectMapper json) {
        this.faults = faults;
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Reply handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("POST")) {
            try {
                apply(json.readTree(Exchanges.body(exchange)));
            } catch (IOException | IllegalArgumentException e) {
                return Exchanges.problem(400, "Bad Request", "cannot apply these faults: " + e.getMessage());
            }
        } else if (!exchange.getRequestMethod().equals("GET")) {
            return Exchanges.problem(405, "Method Not Allowed", "use GET or POST");
        }
        return new Reply(200, faults.describe());
    }

    private void apply(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        Faults.Plan p = faults.plan();
        Map<Integer, Double> rates = new LinkedHashMap<>(p.errorRates());
        if (body.has("errorRates")) {
            rates.clear();
            body.get("errorRates").fields().forEachRemaining(e ->
                    rates.put(Integer.parseInt(e.getKey()), e.getValue().asDouble()));
        }
        faults.set(new Faults.Plan(rates,
                body.has("throttleRate") ? body.get("throttleRate").asDouble() : p.throttleRate(),
                duration(body, "retryAfter", p.retryAfter()),
                duration(body, "latency", p.latency()),
                duration(body, "latencyJitter", p.latencyJitter()),
                duration(body, "imsLatency", p.imsLatency()),
                body.has("rejectTokens") ? body.get("rejectTokens").asBoolean() : p.rejectTokens()));
        if (body.has("outage")) {
            faults.outage(Durations.parse(body.get("outage").asText()));
        }
        if (body.has("createReplyDelay")) {
            faults.delayCreateReplies(Durations.parse(body.get("createReplyDelay").asText()));
        }
        if (body.path("revokeTokens").asBoolean(false)) {
            tokens.revokeAll();
        }
    }

    private static Duration duration(JsonNode body, String field, Duration current) {
        return body.has(field) ? Durations.parse(body.get(field).asText()) : current;
    }
}
