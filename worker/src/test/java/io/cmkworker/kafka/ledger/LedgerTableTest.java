package io.cmkworker.kafka.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.events.LedgerState;
import io.cmkworker.kafka.ledger.RequestLedger.Entry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerTableTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static Entry inFlight(Instant at) {
        return new Entry(LedgerState.IN_FLIGHT, null, at, 7);
    }

    private static Entry done(String outcome, Instant at) {
        return new Entry(LedgerState.DONE, outcome.getBytes(StandardCharsets.UTF_8), at, 7);
    }

    @Test
    void keepsWhatWasPutToTheSecondAndCountsTheRequestsInFlight() {
        LedgerTable table = new LedgerTable();
        table.put("org-1/r1", inFlight(T0.plusMillis(900)));
        table.put("org-1/r2", done("outcome-2", T0));

        assertThat(table.get("org-1/r1")).isEqualTo(inFlight(T0)).isNotNull();
        assertThat(table.get("org-1/r1").state()).isEqualTo(LedgerState.IN_FLIGHT);
        assertThat(table.get("org-1/r1").updatedAt()).isEqualTo(T0);
        assertThat(new String(table.get("org-1/r2").outcome(), StandardCharsets.UTF_8)).isEqualTo("outcome-2");
        assertThat(table.get("org-1/r3")).isNull();
        assertThat(table.get("org-2/r1")).as("the same request ID of another organisation").isNull();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.inFlight()).isEqualTo(1);

        table.put("org-1/r1", done("outcome-1", T0.plusSeconds(5)));

        assertThat(table.get("org-1/r1").state()).isEqualTo(LedgerState.DONE);
        assertThat(table.get("org-1/r1").updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.inFlight()).isZero();
    }

    @Test
    void aFinishedRequestWhoseRecordHadNoOutcomeIsStillDone() {
        LedgerTable table = new LedgerTable();
        table.put("org-1/r1", new Entry(LedgerState.DONE, null, T0, RequestLedger.UNKNOWN_OFFSET));

        assertThat(table.get("org-1/r1").state()).isEqualTo(LedgerState.DONE);
        assertThat(table.get("org-1/r1").outcome()).isNull();
        assertThat(table.inFlight()).isZero();
    }

    @Test
    void agreesWithAMapThroughGrowthReplacementsAndExpiry() {
        LedgerTable table = new LedgerTable();
        Map<String, Entry> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 60_000; i++) {
            String id = "org-" + random.nextInt(500) + "/r" + random.nextInt(200);
            Instant at = T0.plusSeconds(i / 100);
            Entry entry = random.nextInt(3) == 0 ? done("o" + i, at) : inFlight(at);
            Entry known = model.get(id);
            if (known != null && known.state() == LedgerState.DONE && entry.state() == LedgerState.IN_FLIGHT) {
                continue; // as the ledger applies records: an outcome is never replaced by an older "in flight"
            }
            table.put(id, entry);
            model.put(id, entry);
            if (i % 20_000 == 19_999) {
                Instant cutoff = at.minusSeconds(100);
                long inFlightGone = model.values().stream()
                        .filter(e -> e.updatedAt().isBefore(cutoff) && e.state() == LedgerState.IN_FLIGHT).count();
                model.values().removeIf(e -> e.updatedAt().isBefore(cutoff));
                assertThat(table.removeOlderThan(cutoff)).isEqualTo(inFlightGone);
            }
        }

        assertThat(table.size()).isEqualTo(model.size());
        assertThat(table.inFlight()).isEqualTo((int) model.values().stream()
                .filter(e -> e.state() == LedgerState.IN_FLIGHT).count());
        for (Map.Entry<String, Entry> e : model.entrySet()) {
            Entry got = table.get(e.getKey());
            assertThat(got.state()).as(e.getKey()).isEqualTo(e.getValue().state());
            assertThat(got.updatedAt()).isEqualTo(e.getValue().updatedAt());
            assertThat(got.outcome()).isEqualTo(e.getValue().outcome());
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(table.get("org-" + (1_000 + i) + "/r1")).isNull();
        }
    }

    @Test
    void staysTwoThirdsToEightyFivePercentFullAsItGrows() {
        LedgerTable table = new LedgerTable();
        for (int n = 1; n <= 100_000; n++) {
            table.put("org/" + n, inFlight(T0));
            if (table.capacity() > 64) {
                double load = (double) n / table.capacity();
                assertThat(load).as("%d entries in %d places", n, table.capacity()).isBetween(0.67, 0.85);
            }
        }
        assertThat(table.inFlight()).isEqualTo(100_000);
    }

    @Test
    void expiryShrinksTheTable() {
        LedgerTable table = new LedgerTable();
        for (int n = 0; n < 10_000; n++) {
            table.put("org/" + n, inFlight(n < 9_990 ? T0 : T0.plusSeconds(60)));
        }

        assertThat(table.removeOlderThan(T0.plusSeconds(30))).isEqualTo(9_990);

        assertThat(table.size()).isEqualTo(10);
        assertThat(table.capacity()).isEqualTo(LedgerTable.capacityFor(10));
        assertThat(table.get("org/9995")).isNotNull();
        assertThat(table.get("org/5")).isNull();
    }
}
