package io.cmkworker.kafka.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.MutableClock;
import io.cmkworker.events.Codecs;
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
    private final RequestLedger ledger = new RequestLedger("led", 4, Duration.ofDays(7), clock, Codecs.STANDARD);

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
        RequestLedger.apply(Codecs.LEDGER, entries, ledger.done(outcome(org, "r1"), clock.instant()).value(), cutoff);
        RequestLedger.apply(Codecs.LEDGER, entries, ledger.inFlight("r1", org, clock.instant()).value(), cutoff);

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
        RequestLedger.apply(Codecs.LEDGER, entries, new byte[] {1, 2, 3}, clock.instant());
        assertThat(entries).isEmpty();
        assertThat(ledger.inFlightCount()).isEqualTo(1);
    }

    @Test
    void countsTheRequestsInFlightAsEntriesChange() {
        String org = "ABC@AdobeOrg";
        int slot = ledger.slotOf(org);
        ledger.install(slot, Map.of());
        ledger.applyCommitted(List.of(ledger.inFlight("r1", org, clock.instant()),
                ledger.inFlight("r2", org, clock.instant()), ledger.inFlight("r2", org, clock.instant())));
        assertThat(ledger.inFlightCount()).isEqualTo(2);

        ledger.applyCommitted(List.of(ledger.done(outcome(org, "r1"), clock.instant())));
        assertThat(ledger.inFlightCount()).isEqualTo(1);

        Map<String, RequestLedger.Entry> restored = new HashMap<>();
        RequestLedger.apply(Codecs.LEDGER, restored, ledger.inFlight("r9", org, clock.instant()).value(), clock.instant().minusSeconds(1));
        ledger.install(slot, restored);
        assertThat(ledger.inFlightCount()).as("a slot read back again replaces its old view").isEqualTo(1);

        clock.advance(Duration.ofDays(8));
        ledger.expire(clock.instant());
        assertThat(ledger.inFlightCount()).isZero();
        ledger.applyCommitted(List.of(ledger.inFlight("r10", org, clock.instant())));
        ledger.drop(slot);
        assertThat(ledger.inFlightCount()).isZero();
    }
}
