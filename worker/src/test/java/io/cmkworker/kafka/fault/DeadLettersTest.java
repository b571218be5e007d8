package io.cmkworker.kafka.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.events.Codecs;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import io.cmkworker.pipeline.UnanswerableRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** The request ID travels in a header of every dead letter that carries one, even when the value is omitted. */
class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String KEY_ID = "https://acme-vault.vault.azure.net/keys/cmk-key";

    @Test
    void anUnanswerableRequestWithAHugeOrgIdKeepsItsRequestIdWhenTheValueIsOmitted() {
        OnboardingRequest request = request("req-huge-org", "A".repeat(1_000_000) + "@AdobeOrg");
        ConsumerRecord<byte[], byte[]> source = record("requests", Codecs.REQUEST.encode(request));

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of("dlq", source,
                new UnanswerableRequestException("no usable orgId"), NOW);

        assertThat(dead.value()).as("value over 900 KiB is omitted").isNull();
        assertThat(header(dead, DeadLetters.VALUE_OMITTED)).isNotNull();
        assertThat(header(dead, DeadLetters.REQUEST_ID)).isEqualTo("req-huge-org");
    }

    @Test
    void aDelayedStepThatFailedCarriesItsRequestId() {
        StatusCheck check = StatusCheck.newBuilder().setRequestId("req-step").setOrgId("0123456789ABCDEF01234567@AdobeOrg")
                .setRegion("VA7").setConfigName("c").setProvider("AZURE_KEYVAULT").setKeyVaultKeyIdentifier(KEY_ID)
                .setCredentialRef("main").setStep(Step.STATUS).setAttempt(1).setDueAt(NOW).setDeadline(NOW)
                .setStartedAt(NOW).build();

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of("dlq",
                record("delay.5s", Codecs.STATUS_CHECK.encode(check)), new IllegalStateException("defect"), NOW);

        assertThat(header(dead, DeadLetters.REQUEST_ID)).isEqualTo("req-step");
    }

    @Test
    void anUndecodableValueGetsNoRequestId() {
        ProducerRecord<byte[], byte[]> dead = DeadLetters.of("dlq",
                record("requests", "{\"requestId\": \"r\"}".getBytes(StandardCharsets.UTF_8)),
                new IllegalArgumentException("not avro"), NOW);

        assertThat(header(dead, DeadLetters.REQUEST_ID)).isNull();
        assertThat(header(dead, DeadLetters.EXCEPTION_CLASS)).isEqualTo(IllegalArgumentException.class.getName());
    }

    @Test
    void aRequestIdTooLongToBeUsableIsNotCopied() {
        OnboardingRequest request = request("r".repeat(2_000), "0123456789ABCDEF01234567@AdobeOrg");

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of("dlq", record("requests", Codecs.REQUEST.encode(request)),
                new UnanswerableRequestException("no usable requestId"), NOW);

        assertThat(header(dead, DeadLetters.REQUEST_ID)).isNull();
    }

    private static OnboardingRequest request(String requestId, String orgId) {
        return OnboardingRequest.newBuilder().setRequestId(requestId).setOrgId(orgId).setRegion("VA7")
                .setConfigName("c").setKeyVaultKeyIdentifier(KEY_ID).setCredentialRef("main").setRequestedAt(NOW)
                .setMetadata(Map.of()).build();
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 42L, "key".getBytes(StandardCharsets.UTF_8), value);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
