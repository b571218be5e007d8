package io.cmkworker.kafka.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.MutableClock;
import io.cmkworker.events.Codecs;
import io.cmkworker.events.LedgerState;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OutcomeStatus;
import java.time.Duration;
import java.time.Instant;
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
        ProducerRecord<byte[], byte[]> taken = ledger.inFlight("r1", org, clock.instant(), 5L);
        assertThat(taken.partition()).isEqualTo(slot);

        ledger.applyCommitted(List.of(taken));
        assertThat(ledger.find(slot, org, "r1")).as("slot not installed: nothing known").isEmpty();

        ledger.install(slot, new LedgerTable());
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
        LedgerTable entries = new LedgerTable();
        Instant cutoff = clock.instant().minus(Duration.ofDays(7));
        RequestLedger.apply(Codecs.LEDGER, entries, ledger.done(outcome(org, "r1"), clock.instant(), 5L).value(), cutoff);
        RequestLedger.apply(Codecs.LEDGER, entries, ledger.inFlight("r1", org, clock.instant(), 5L).value(), cutoff);

        assertThat(entries.get(RequestLedger.idOf(org, "r1")).state()).isEqualTo(LedgerState.DONE);
    }

    @Test
    void forgetsWhatIsOlderThanTheRetentionAndSkipsUnreadableRecords() {
        String org = "ABC@AdobeOrg";
        int slot = ledger.slotOf(org);
        ledger.install(slot, new LedgerTable());
        ledger.applyCommitted(List.of(ledger.inFlight("old", org, clock.instant(), 5L)));
        clock.advance(Duration.ofDays(8));
        ledger.applyCommitted(List.of(ledger.inFlight("new", org, clock.instant(), 5L)));
        ledger.expire(clock.instant());

        assertThat(ledger.find(slot, org, "old")).isEmpty();
        assertThat(ledger.find(slot, org, "new")).isPresent();
        LedgerTable entries = new LedgerTable();
        RequestLedger.apply(Codecs.LEDGER, entries, new byte[] {1, 2, 3}, clock.instant());
        assertThat(entries.size()).isZero();
        assertThat(ledger.inFlightCount()).isEqualTo(1);
    }

    @Test
    void countsTheRequestsInFlightAsEntriesChange() {
        String org = "ABC@AdobeOrg";
        int slot = ledger.slotOf(org);
        ledger.install(slot, new LedgerTable());
        ledger.applyCommitted(List.of(ledger.inFlight("r1", org, clock.instant(), 5L),
                ledger.inFlight("r2", org, clock.instant(), 5L), ledger.inFlight("r2", org, clock.instant(), 5L)));
        assertThat(ledger.inFlightCount()).isEqualTo(2);

        ledger.applyCommitted(List.of(ledger.done(outcome(org, "r1"), clock.instant(), 5L)));
        assertThat(ledger.inFlightCount()).isEqualTo(1);

        LedgerTable restored = new LedgerTable();
        RequestLedger.apply(Codecs.LEDGER, restored, ledger.inFlight("r9", org, clock.instant(), 5L).value(), clock.instant().minusSeconds(1));
        ledger.install(slot, restored);
        assertThat(ledger.inFlightCount()).as("a slot read back again replaces its old view").isEqualTo(1);

        clock.advance(Duration.ofDays(8));
        ledger.expire(clock.instant());
        assertThat(ledger.inFlightCount()).isZero();
        ledger.applyCommitted(List.of(ledger.inFlight("r10", org, clock.instant(), 5L)));
        ledger.drop(slot);
        assertThat(ledger.inFlightCount()).isZero();
    }

    @Test
    void aPackedTableKeepsManyEntriesGrowsAndForgetsTheOldOnes() {
        LedgerTable table = new LedgerTable();
        Instant then = clock.instant();
        for (int i = 0; i < 50_000; i++) {
            table.put("org/" + i, new RequestLedger.Entry(i % 2 == 0 ? LedgerState.IN_FLIGHT : LedgerState.DONE,
                    i % 2 == 0 ? null : new byte[] {(byte) i}, i < 10_000 ? then.minusSeconds(60) : then, i));
        }
        assertThat(table.size()).isEqualTo(50_000);
        assertThat(table.inFlight()).isEqualTo(25_000);
        assertThat(table.get("org/7").outcome()).containsExactly((byte) 7);
        assertThat(table.get("org/7").requestOffset()).as("the offset its request was taken at").isEqualTo(7);
        assertThat(table.get("org/8").state()).isEqualTo(LedgerState.IN_FLIGHT);
        assertThat(table.get("org/50000")).isNull();

        table.put("org/8", new RequestLedger.Entry(LedgerState.DONE, new byte[] {8}, then, 8));
        assertThat(table.inFlight()).isEqualTo(24_999);

        assertThat(table.removeOlderThan(then.minusSeconds(1))).as("in flight among the forgotten").isEqualTo(4_999);
        assertThat(table.size()).as("org/8 was recorded again since").isEqualTo(40_001);
        assertThat(table.get("org/9_999".replace("_", ""))).isNull();
        assertThat(table.get("org/10001").outcome()).containsExactly((byte) (10001 & 0xff));
    }
}
