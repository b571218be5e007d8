package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract documents pass the real tools: {@code @asyncapi/parser} (with the Avro schema parser, so
 * the {@code .avsc} payloads are read too) and Redocly's OpenAPI linter with its recommended rules, both
 * run by {@code contracts/validate/validate.js} from the pinned packages ({@code npm ci}). No broker.
 */
class ContractParsersIT {

    private static final Path VALIDATE = Path.of("..", "contracts", "validate");
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Warnings left on purpose, each for a fact this project does not have and should not invent: a public
     * contact, and a licence URL (both documents state that no licence is granted).
     */
    private static final Set<String> ACCEPTED_WARNINGS = Set.of("asyncapi-info-contact", "info-license-strict");

    private static NodeProject validate;

    @BeforeAll
    static void installTools() throws Exception {
        validate = NodeProject.installed(VALIDATE);
    }

    @Test
    void asyncApiDocumentPassesTheAsyncApiParser() throws Exception {
        JsonNode result = validate("asyncapi", "../cmk-worker.asyncapi.yaml");

        assertThat(result.path("tool").asText()).isEqualTo("@asyncapi/parser");
        assertThat(problems(result, "errors")).as("errors").isEmpty();
        assertThat(result.path("parsed").asBoolean()).as("the parser returned a document").isTrue();
        assertThat(problems(result, "warnings")).as("warnings").allSatisfy(w ->
                assertThat(ACCEPTED_WARNINGS).as("an accepted warning: %s", w).contains(w.split(" ")[0]));
    }

    @Test
    void openApiDocumentPassesRedoclyLint() throws Exception {
        JsonNode result = validate("openapi", "../platform-api.openapi.yaml");

        assertThat(result.path("tool").asText()).isEqualTo("@redocly/openapi-core");
        assertThat(problems(result, "errors")).as("errors").isEmpty();
        assertThat(problems(result, "warnings")).as("warnings").allSatisfy(w ->
                assertThat(ACCEPTED_WARNINGS).as("an accepted warning: %s", w).contains(w.split(" ")[0]));
    }

    @Test
    void theParserReportsADuplicateMessageIdAsAnError() throws Exception {
        // The check above is only worth something if the tool finds what it is there to find.
        Path broken = java.nio.file.Files.createTempFile("duplicate-message-id", ".yaml");
        java.nio.file.Files.writeString(broken, String.join("\n",
                "asyncapi: 2.6.0",
                "info: {title: t, version: '1'}",
                "channels:",
                "  a:",
                "    publish: {message: {$ref: '#/components/messages/M'}}",
                "    subscribe: {message: {$ref: '#/components/messages/M'}}",
                "components:",
                "  messages:",
                "    M: {messageId: M, payload: {type: string}}", ""));
        try {
            JsonNode result = validate("asyncapi", broken.toString());

            assertThat(problems(result, "errors")).anyMatch(e -> e.startsWith("asyncapi2-message-messageId-uniqueness"));
        } finally {
            java.nio.file.Files.deleteIfExists(broken);
        }
    }

    private static JsonNode validate(String kind, String document) throws Exception {
        NodeProject.Output out = validate.run(NODE_TIMEOUT, new byte[0], "node", "validate.js", kind, document);
        assertThat(out.exitCode()).as("node validate.js %s %s failed: %s", kind, document, out.stderr()).isZero();
        return JSON.readTree(out.stdout());
    }

    /** Each problem as "code message at path". */
    private static List<String> problems(JsonNode result, String kind) {
        List<String> out = new ArrayList<>();
        result.path(kind).forEach(p -> out.add(p.path("code").asText() + " " + p.path("message").asText() + " at "
                + p.path("path").asText()));
        return out;
    }
}
