package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalLatenessTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void joinsTheNthStatusGetOfAConfigurationWithItsNthDueCheck() {
        List<SandboxServer.Call> gets = List.of(get("A", "c", 2_030), get("B", "c", 1_010), get("A", "c", 1_050),
                get("A", "c", 5_000));
        List<DueSteps.Due> dues = List.of(due("A", "c", 2, 2_000), due("A", "c", 1, 1_000), due("B", "c", 1, 1_000),
                due("A", "c", 3, 4_900));

        ArrivalLateness joined = ArrivalLateness.join(gets, dues);

        assertThat(joined.unjoined()).isZero();
        assertThat(joined.checks()).extracting(c -> c.orgId() + c.checkNumber() + ":" + c.lateness().toMillis())
                .containsExactly("B1:10", "A1:50", "A2:30", "A3:100");
        assertThat(joined.early()).isZero();
    }

    @Test
    void countsACheckThatArrivedBeforeItsDueTimeAsEarly() {
        ArrivalLateness joined = ArrivalLateness.join(List.of(get("A", "c", 990)), List.of(due("A", "c", 1, 1_000)));

        assertThat(joined.early()).isEqualTo(1);
        assertThat(joined.nanos(c -> true)).containsExactly(Duration.ofMillis(-10).toNanos());
    }

    @Test
    void leavesOutAConfigurationWhoseCallsAndStepsDoNotPairUp() {
        List<SandboxServer.Call> gets = List.of(get("A", "c", 1_010), get("A", "c", 1_020), get("B", "c", 1_000),
                get("C", "c", 1_000));
        List<DueSteps.Due> dues = List.of(due("A", "c", 1, 1_000), due("B", "c", 1, 1_000), due("D", "c", 1, 1_000));

        ArrivalLateness joined = ArrivalLateness.join(gets, dues);

        assertThat(joined.checks()).extracting(ArrivalLateness.Check::orgId).containsExactly("B");
        // A: two GETs for one step; C: a GET without a step; D: a step without a GET.
        assertThat(joined.unjoined()).isEqualTo(3 + 1 + 1);
    }

    private static SandboxServer.Call get(String org, String config, long atMillis) {
        return new SandboxServer.Call(T0.plusMillis(atMillis), org, CallLog.CONFIG_BY_NAME, 200, null, config);
    }

    private static DueSteps.Due due(String org, String config, int number, long dueMillis) {
        return new DueSteps.Due(org, config, "r-" + org, number, T0.plusMillis(dueMillis));
    }
}
