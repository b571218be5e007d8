package io.cmkworker.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers to read requests and write JSON answers in the shapes the Platform and its gateway use. */
final class Exchanges {

    private static final int MAX_BODY = 64 * 1024;

    private Exchanges() {
    }

    static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IOException("request body over " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Writes a reply and closes the exchange. */
    static void send(HttpExchange exchange, ObjectMapper json, Reply reply) {
        try (exchange) {
            byte[] bytes = json.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    /** The API gateway's error shape: {@code {"error_code": ..., "message": ...}}. */
    static Reply gatewayError(int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        return new Reply(status, body);
    }

    /** The service's problem shape: {@code {"type", "status", "title", "detail"}}. */
    static Reply problem(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://ns.adobe.com/aep/errors/" + status);
        body.put("status", status);
        body.put("title", title);
        body.put("detail", detail);
        return new Reply(status, body);
    }

    /** {@code host:port} a client on this machine reaches a server at: the loopback address for a wildcard bind. */
    static String reachable(java.net.InetSocketAddress bound) {
        java.net.InetAddress address = bound.getAddress();
        String host = address.isAnyLocalAddress() ? java.net.InetAddress.getLoopbackAddress().getHostAddress()
                : address.getHostAddress();
        return host + ":" + bound.getPort();
    }

    /** The parameters of a (raw or decoded) query string; empty for null. */
    static Map<String, String> query(String query) {
        return query == null ? Map.of() : form(query);
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
