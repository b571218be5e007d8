package io.cmkworker.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * An error body from the Platform, IMS or the API gateway, read from whichever shape it came in: the
 * gateway's {@code {error_code, message}}, the problem shape {@code {type, status, title, detail}},
 * OAuth's {@code {error, error_description}}, or plain text.
 *
 * @param code a machine-readable code when there is one ({@code error_code}, {@code type}, {@code error}), else ""
 * @param message the human-readable part, shortened
 */
public record PlatformError(String code, String message) {

    private static final int MAX_TEXT = 300;

    public static PlatformError parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return new PlatformError("", "(empty body)");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                if (node.has("error_code") || node.has("message") && !node.has("title")) {
                    return new PlatformError(text(node, "error_code"), text(node, "message"));
                }
                if (node.has("title") || node.has("detail")) {
                    String title = text(node, "title");
                    String detail = text(node, "detail");
                    String message = detail.isEmpty() ? title : title.isEmpty() ? detail : title + ": " + detail;
                    return new PlatformError(text(node, "type"), shorten(message));
                }
                if (node.has("error")) {
                    return new PlatformError(text(node, "error"), text(node, "error_description"));
                }
            }
        } catch (IOException e) {
            // not JSON: fall through to plain text
        }
        return new PlatformError("", shorten(body.strip()));
    }

    @Override
    public String toString() {
        return code.isEmpty() ? message : code + ": " + message;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : shorten(value.asText());
    }

    private static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "...";
    }
}
