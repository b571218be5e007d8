package io.cmkworker.kafka.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.MutableClock;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class RequestLedgerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final RequestLedger ledger = new RequestLedger("led", 4, Duration.ofDays(7), clock);

    private OnboardingOutcome outcome(String org, String id) {
        return OnboardingOutcome.newBuilder().setRequestId(id).setOrgId(org).setConfigName("c")
                .setStatus(OutcomeStatus.COMPLETED).setReason("ok").setPlatform(null).setViolations(List.of())
                .setAttempts(1).setStartedAt(clock.instant()).setFinishedAt(clock.instant()).setMetadata(Map.of())
                .setReplay(false).build();
    }

    @Test
    void followsOnlyTheCommittedRecordsOfSlotsItHolds() {
        String org = "ABC@AdobeOrg";
        int slot = ledger.slotOf(org);
        ProducerRecord<byte[], byte[]> taken = ledger.inFlight("r1", org, clock.instant());
        assertThat(taken.partition()).isEqualTo(slot);

        ledger.applyCommitted(List.of(taken));
        assertThat(ledger.find(slot, org, "r1")).as("slot not installed: nothing known").isEmpty();

        ledger.install(slot, Map.of());
        ledger.applyCommitted(List.of(taken));
        assertThat(ledger.find(slot, org, "r1")).hasValueSatisfying(e ->
                assertThat(e.state()).isEqualTo(LedgerState.IN_FLIGHT));
        assertThat(ledger.find(slot, "OTHER@AdobeOrg", "r1")).as("request IDs are per organisation").isEmpty();

        ledger.drop(slot);
        assertThat(ledger.find(slot, org, "r1")).isEmpty();
    }

    @Test
    void anOutcomeIsNeverReplacedByAnOlderInFlightRecord() {
        String org = "ABC@AdobeOrg";
        Map<String, RequestLedger.Entry> entries = new HashMap<>();
        Instant cutoff = clock.instant().minus(Duration.ofDays(7));
        RequestLedger.apply(entries, ledger.done(outcome(org, "r1"), clock.instant()).value(), cutoff);
        RequestLedger.apply(entries, ledger.inFlight("r1", org, clock.instant()).value(), cutoff);

        assertThat(entries.get(RequestLedger.idOf(org, "r1")).state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void forgetsWhatIsOlderThanTheRetentionAndSkipsUnreadableRecords() {
        String org = "ABC@AdobeOrg";
        int slot = ledger.slotOf(org);
        ledger.install(slot, Map.of());
        ledger.applyCommitted(List.of(ledger.inFlight("old", org, clock.instant())));
        clock.advance(Duration.ofDays(8));
        ledger.applyCommitted(List.of(ledger.inFlight("new", org, clock.instant())));
        ledger.expire(clock.instant());

        assertThat(ledger.find(slot, org, "old")).isEmpty();
        assertThat(ledger.find(slot, org, "new")).isPresent();
        Map<String, RequestLedger.Entry> entries = new HashMap<>();
        RequestLedger.apply(entries, new byte[] {1, 2, 3}, clock.instant());
        assertThat(entries).isEmpty();
        assertThat(ledger.inFlightCount()).isEqualTo(1);
    }
}
