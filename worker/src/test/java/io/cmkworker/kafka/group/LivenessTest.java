package io.cmkworker.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LivenessTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final Liveness liveness = new Liveness(now::get, Duration.ofSeconds(3), Duration.ofSeconds(2));

    @Test
    void isLiveWhileTheLoopTurns() {
        for (int i = 0; i < 10; i++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            liveness.beat();
            assertThat(liveness.live()).isTrue();
        }
    }

    @Test
    void aLoopThatStoppedTurningHoldsNoLease() {
        liveness.beat();
        now.addAndGet(Duration.ofMillis(3001).toNanos());
        assertThat(liveness.live()).isFalse();
    }

    @Test
    void afterALongPauseStaysSuspendedUntilMembershipCanBeConfirmed() {
        liveness.beat();
        now.addAndGet(Duration.ofSeconds(20).toNanos());
        liveness.beat();
        assertThat(liveness.live()).isFalse();

        now.addAndGet(Duration.ofMillis(1999).toNanos());
        liveness.beat();
        assertThat(liveness.live()).isFalse();

        now.addAndGet(Duration.ofMillis(1).toNanos());
        liveness.beat();
        assertThat(liveness.live()).isTrue();
    }

    @Test
    void aHoldEndsForGoodWhenRevokedWhateverTheLiveness() {
        SlotOwnership owner = new SlotOwnership(4, liveness);
        assertThat(owner.active()).isTrue();
        owner.revoke();
        liveness.beat();
        assertThat(owner.active()).isFalse();
        assertThat(owner.revoked()).isTrue();
    }
}
