package io.cmkworker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionGateTest {

    private static final long NOW = 1_740_823_200_000L;
    private static final TopicPartition A = new TopicPartition("cmk.onboarding.delay.5s", 0);
    private static final TopicPartition B = new TopicPartition("cmk.onboarding.delay.5s", 1);
    private static final TopicPartition C = new TopicPartition("cmk.onboarding.requests", 0);

    private final PartitionGate gate = new PartitionGate();

    @Test
    void heldPartitionIsReleasedOnceItsTimeHasCome() {
        gate.hold(A, NOW + 5_000);

        assertThat(gate.releasable(NOW)).isEmpty();
        assertThat(gate.releasable(NOW + 4_999)).isEmpty();
        assertThat(gate.releasable(NOW + 5_000)).containsExactly(A);
        assertThat(gate.held()).isZero();
    }

    @Test
    void releaseIsReportedOnlyOnce() {
        gate.hold(A, NOW);

        assertThat(gate.releasable(NOW)).containsExactly(A);
        assertThat(gate.releasable(NOW + 1)).isEmpty();
    }

    @Test
    void laterHoldReplacesTheEarlierOne() {
        gate.hold(A, NOW + 1_000);
        gate.hold(A, NOW + 3_000);

        assertThat(gate.held()).isEqualTo(1);
        assertThat(gate.releasable(NOW + 1_000)).isEmpty();
        assertThat(gate.releasable(NOW + 3_000)).containsExactly(A);
    }

    @Test
    void releasesOnlyThePartitionsThatAreDue() {
        gate.hold(A, NOW + 1_000);
        gate.hold(B, NOW + 2_000);
        gate.hold(C, NOW + 500);

        assertThat(gate.releasable(NOW + 1_000)).containsExactlyInAnyOrder(A, C);
        assertThat(gate.held()).isEqualTo(1);
        assertThat(gate.releasable(NOW + 2_000)).containsExactly(B);
    }

    @Test
    void busyPartitionIsNotReleasedWhenItsHoldEndsAndTheHoldIsCleared() {
        gate.busy(A);
        gate.hold(A, NOW + 1_000);

        assertThat(gate.releasable(NOW + 1_000)).isEmpty();
        assertThat(gate.held()).isZero();
        assertThat(gate.idle(A)).as("no hold left: may resume when the batch is done").isTrue();
    }

    @Test
    void idlePartitionWithoutHoldMayResume() {
        gate.busy(A);

        assertThat(gate.idle(A)).isTrue();
    }

    @Test
    void idlePartitionStillHeldMustStayPaused() {
        gate.busy(A);
        gate.hold(A, NOW + 1_000);

        assertThat(gate.idle(A)).isFalse();
        assertThat(gate.releasable(NOW + 1_000)).as("released by its hold once no longer busy").containsExactly(A);
    }

    @Test
    void idleOfAPartitionThatWasNeverBusyOnlyLooksAtTheHold() {
        assertThat(gate.idle(A)).isTrue();
        gate.hold(B, NOW);
        assertThat(gate.idle(B)).isFalse();
    }

    @Test
    void millisUntilNextReleaseIsTheEarliestHold() {
        gate.hold(A, NOW + 7_000);
        gate.hold(B, NOW + 2_500);

        assertThat(gate.millisUntilNextRelease(NOW, 60_000)).isEqualTo(2_500);
    }

    @Test
    void millisUntilNextReleaseIsCappedAtTheMaximum() {
        gate.hold(A, NOW + 7_000);

        assertThat(gate.millisUntilNextRelease(NOW, 50)).isEqualTo(50);
    }

    @Test
    void millisUntilNextReleaseIsTheMaximumWithoutHolds() {
        assertThat(gate.millisUntilNextRelease(NOW, 50)).isEqualTo(50);
    }

    @Test
    void millisUntilNextReleaseIsZeroWhenAHoldHasPassed() {
        gate.hold(A, NOW - 1_000);
        gate.hold(B, NOW + 1_000);

        assertThat(gate.millisUntilNextRelease(NOW, 50)).isZero();
    }

    @Test
    void forgetDropsHoldsAndBusyOfRevokedPartitions() {
        gate.hold(A, NOW + 1_000);
        gate.busy(A);
        gate.hold(B, NOW + 1_000);

        gate.forget(List.of(A));

        assertThat(gate.held()).isEqualTo(1);
        assertThat(gate.releasable(NOW + 1_000)).containsExactly(B);
        gate.hold(A, NOW + 2_000);
        assertThat(gate.releasable(NOW + 2_000)).as("A is no longer busy after forget").containsExactly(A);
    }

    @Test
    void forgetOfUnknownPartitionsIsHarmless() {
        gate.forget(List.of(A, B));

        assertThat(gate.held()).isZero();
        assertThat(gate.releasable(NOW)).isEmpty();
    }
}
