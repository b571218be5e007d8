package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionControlTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CallScheduler scheduler = new CallScheduler(64, 50, new ManualScheduler(), Runnable::run, now::get,
            guard -> null, CallObserver.NONE);

    @Test
    void admitsWhatTheRateLeavesRoomForAtTheDensestRateUntilOnboardingsHaveFinished() {
        AdmissionControl admission = new AdmissionControl(scheduler, Duration.ofSeconds(1));

        // 50 calls/s, at one call per second per onboarding: 50 in flight.
        assertThat(admission.limit()).isEqualTo(50);
    }

    @Test
    void sizesTheWorkInFlightByLittlesLawFromTheOutcomesCallRate() {
        AdmissionControl admission = new AdmissionControl(scheduler, Duration.ofSeconds(1));
        for (int i = 0; i < 50; i++) {
            admission.finished(9, Duration.ofSeconds(23)); // GET, POST and 7 checks over a 23 s life
        }

        // 50 calls/s for onboardings of 9/23 calls/s each: 127 in flight, 5.5 finishing a second.
        assertThat(admission.callRatePerOnboarding()).isCloseTo(9 / 23.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(admission.limit()).isEqualTo(127);
    }

    @Test
    void followsTheHostsRateWhenItIsCutByThrottling() {
        AdmissionControl admission = new AdmissionControl(scheduler, Duration.ofSeconds(1));
        scheduler.submit("platform:a", CallScheduler.Priority.ADMITTED, () -> true,
                () -> java.util.concurrent.CompletableFuture.completedFuture("ok"));
        for (int i = 0; i < 20; i++) {
            scheduler.answered("platform:a", true);
        }

        assertThat(scheduler.rate("platform:a")).isEqualTo(35);
        assertThat(admission.limit()).isEqualTo(35);
    }

    @Test
    void ignoresOutcomesWithoutCallsAndNeverAdmitsNone() {
        AdmissionControl admission = new AdmissionControl(scheduler, Duration.ofMillis(1));
        for (int i = 0; i < 50; i++) {
            admission.finished(0, Duration.ZERO);
        }
        assertThat(admission.limit()).isEqualTo(1);
    }
}
