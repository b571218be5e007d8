package io.cmkworker.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void fullSizeIsTheSizeOfTheIssuesTargets() {
        BenchOptions full = BenchOptions.fullSize();

        assertThat(full.quick()).isFalse();
        assertThat(full.scenarios()).containsExactly(Scenario.values());
        assertThat(full.bulkOrgs()).isEqualTo(10_000);
        assertThat(full.latenessOrgs()).isEqualTo(2_000);
        assertThat(full.jobTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(full.heapSmall()).isEqualTo(1_000);
        assertThat(full.heapLarge()).isEqualTo(100_000);
        assertThat(full.heapLedger()).isEqualTo(100_000);
    }

    @Test
    void namesTheFieldAndTheRuleOfABadSize() {
        BenchOptions q = BenchOptions.quickSize();
        assertThatThrownBy(() -> new BenchOptions(true, q.scenarios(), q.json(), 0, q.httpWindow(), q.checkOrgs(),
                q.checkWindow(), q.bulkOrgs(), q.latenessOrgs(), q.rateLimitedOrgs(), q.jobTime(), q.heapSmall(),
                q.heapLarge(), q.heapLedger(), q.timeout(), q.workerJvmOptions(), 0)).hasMessage("txRecords must be at least 1, was 0");
        assertThatThrownBy(() -> new BenchOptions(true, q.scenarios(), q.json(), 1, q.httpWindow(), q.checkOrgs(),
                q.checkWindow(), q.bulkOrgs(), q.latenessOrgs(), q.rateLimitedOrgs(), q.jobTime(), 500, 500,
                q.heapLedger(), q.timeout(), List.of(), 0)).hasMessageContaining("heapLarge must be greater than heapSmall");
    }

    @Test
    void scenariosAreNamedAsOnTheCommandLine() {
        assertThat(Scenario.of(" Rate-Limited ")).isEqualTo(Scenario.RATE_LIMITED);
        assertThatThrownBy(() -> Scenario.of("speed")).hasMessageContaining("unknown scenario 'speed'")
                .hasMessageContaining("first-outcome");
        assertThat(BenchOptions.quickSize().runs(Scenario.HEAP)).isTrue();
        assertThat(EnumSet.allOf(Scenario.class)).hasSize(9);
    }
}
