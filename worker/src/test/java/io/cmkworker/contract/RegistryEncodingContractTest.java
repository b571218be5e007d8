package io.cmkworker.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;
import io.cmkworker.config.ConfigKeys;
import io.cmkworker.config.RegistrySettings;
import io.cmkworker.events.registry.RegistryFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two encodings as the contract documents state them and as the worker configures its serde: the AsyncAPI
 * document offers both for requests and outcomes, with the same schemas, and its Kafka bindings say what the serde
 * writes (the schema ID in the payload, Confluent's framing, subjects by topic); wire-format.md names the rule.
 */
class RegistryEncodingContractTest {

    private final JsonNode asyncApi = Contracts.yaml("cmk-worker.asyncapi.yaml");

    @Test
    void requestsAndOutcomesComeInEitherEncoding() {
        assertThat(refs(channel(ConfigKeys.REQUESTS_TOPIC.defaultValue()).at("/publish/message/oneOf")))
                .containsExactly("#/components/messages/OnboardingRequest",
                        "#/components/messages/OnboardingRequestRegistry");
        assertThat(refs(channel(ConfigKeys.OUTCOMES_TOPIC.defaultValue()).at("/subscribe/message/oneOf")))
                .containsExactly("#/components/messages/OnboardingOutcome",
                        "#/components/messages/OnboardingOutcomeRegistry");
    }

    @Test
    void theRegistryMessagesCarryTheSameSchemasFramedAsTheSerdeFramesThem() {
        Map<String, Object> serde = RegistryFormat.serdeConfig(new RegistrySettings(URI.create("http://r:8080"),
                Map.of()));
        assertThat(serde).containsEntry("apicurio.registry.id-handler", Default4ByteIdHandler.class.getName())
                .containsEntry("apicurio.registry.artifact-resolver-strategy", TopicIdStrategy.class.getName())
                .containsEntry("apicurio.registry.headers.enabled", "false");
        for (String event : List.of("OnboardingRequest", "OnboardingOutcome")) {
            JsonNode plain = asyncApi.at("/components/messages/" + event);
            JsonNode framed = asyncApi.at("/components/messages/" + event + "Registry");

            assertThat(framed.at("/payload/$ref").asText()).isEqualTo(plain.at("/payload/$ref").asText());
            assertThat(framed.get("schemaFormat").asText()).isEqualTo(plain.get("schemaFormat").asText());
            assertThat(framed.at("/bindings/kafka/schemaIdLocation").asText()).isEqualTo("payload");
            assertThat(framed.at("/bindings/kafka/schemaIdPayloadEncoding").asText()).isEqualTo("confluent");
            assertThat(framed.at("/bindings/kafka/schemaLookupStrategy").asText())
                    .isEqualTo(TopicIdStrategy.class.getSimpleName());
        }
    }

    @Test
    void theDocumentsNameTheCompatibilityRuleTheWorkerGivesNewSubjects() throws IOException {
        String wireFormat = Files.readString(Contracts.DIR.resolve("wire-format.md"));

        assertThat(wireFormat).contains("**Compatibility rule `" + RegistryFormat.COMPATIBILITY_RULE + "`.**");
        assertThat(asyncApi.at("/info/description").asText())
                .contains("compatibility rule `" + RegistryFormat.COMPATIBILITY_RULE + "`");
    }

    private JsonNode channel(String topic) {
        return asyncApi.at("/channels/" + topic.replace("~", "~0").replace("/", "~1"));
    }

    private static List<String> refs(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(m -> out.add(m.get("$ref").asText()));
        return out;
    }
}
