package io.cmkworker.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.config.RegistrySettings;
import io.cmkworker.config.TopicNames;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.UndecodableRecordException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the registry format decides before, or without, asking the registry: the first byte picks the format, a
 * single-object record is read as before, and a registry the worker cannot reach is said so. (With a real registry:
 * SchemaRegistryIT.)
 */
class RegistryFormatTest {

    /** Nothing listens on port 1: every registry call fails at once. */
    private static final RegistrySettings NOWHERE = new RegistrySettings(URI.create("http://127.0.0.1:1"),
            Map.of("retry-count", "0", "auth.password", "pa55"));

    private final RegistryFormat format = new RegistryFormat(NOWHERE,
            new TopicNames("requests", "outcomes", "dlq", "ledger", "delay"), Codecs.STANDARD, Clock.systemUTC());

    @AfterEach
    void close() {
        format.close();
    }

    @Test
    void readsSingleObjectRequestsAndOutcomesAsBefore() throws UndecodableRecordException {
        OnboardingRequest request = request();
        OnboardingOutcome outcome = OnboardingOutcome.newBuilder().setRequestId("req-1").setOrgId("o")
                .setConfigName("c").setStatus(OutcomeStatus.COMPLETED).setReason("done").setAttempts(2)
                .setStartedAt(Instant.EPOCH).setFinishedAt(Instant.EPOCH).build();

        assertThat(format.readRequest(Codecs.REQUEST.encode(request))).isEqualTo(request);
        assertThat(format.readOutcome(Codecs.OUTCOME.encode(outcome))).isEqualTo(outcome);
        assertThat(format.peekRequest(Codecs.REQUEST.encode(request))).contains(request);
    }

    @Test
    void refusesAValueInNeitherFormat() {
        assertThatThrownBy(() -> format.readRequest("{\"requestId\":1}".getBytes()))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessage("neither the Schema Registry wire format (a zero byte, then the 4-byte schema ID) nor Avro"
                        + " single-object encoding (C3 01, then the schema fingerprint): the value starts with byte 7b"
                        + " (see contracts/wire-format.md)");
        assertThatThrownBy(() -> format.readRequest(new byte[0])).isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith("empty value");
        assertThatThrownBy(() -> format.readRequest(new byte[] {0, 0, 1})).isInstanceOf(UndecodableRecordException.class)
                .hasMessage("the value ends within its 4-byte schema ID");
    }

    @Test
    void saysSoWhenTheRegistryDoesNotGiveTheSchemaOfAnId() {
        assertThatThrownBy(() -> format.readRequest(new byte[] {0, 0, 0, 0, 5, 2}))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith("the schema registry at http://127.0.0.1:1 did not give the schema of ID 5 (")
                .hasMessageEndingWith("); replay the record once it does");
    }

    @Test
    void peeksOnlyAtSchemaIdsItHasReadBefore() {
        assertThat(format.peekRequest(new byte[] {0, 0, 0, 0, 5, 2})).isEmpty();
    }

    @Test
    void givesTheSerdeTheOperatorsClientSettingsAndItsOwnFraming() {
        Map<String, Object> serde = RegistryFormat.serdeConfig(NOWHERE);

        assertThat(serde).containsEntry("apicurio.registry.url", "http://127.0.0.1:1")
                .containsEntry("apicurio.registry.retry-count", "0")
                .containsEntry("apicurio.registry.auth.password", "pa55")
                .containsEntry("apicurio.registry.auto-register", "false")
                .containsEntry("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler")
                .containsEntry("apicurio.registry.use-id", "contentId")
                .containsEntry("apicurio.registry.headers.enabled", "false")
                .containsEntry("apicurio.registry.artifact-resolver-strategy",
                        "io.apicurio.registry.serde.strategy.TopicIdStrategy");
    }

    private static OnboardingRequest request() {
        return OnboardingRequest.newBuilder().setRequestId("req-1").setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7").setConfigName("c").setKeyVaultKeyIdentifier("https://v.vault.azure.net/keys/k")
                .setCredentialRef("main").setRequestedAt(Instant.EPOCH).setMetadata(Map.of()).build();
    }
}
