package io.cmkworker.kafka.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntakePaceTest {

    private final IntakePace pace = new IntakePace();

    @Test
    void isBehindFromALateRecordUntilRecordsHaveBeenOnTimeForTheCalmPeriod() {
        assertThat(pace.behind(1_000)).isFalse();

        pace.dueTaken(1_000, 1_000 + IntakePace.LATE_MILLIS);
        assertThat(pace.behind(1_100)).as("late by exactly the limit is on time").isFalse();

        pace.dueTaken(2_000, 2_000 + IntakePace.LATE_MILLIS + 1);
        long late = 2_000 + IntakePace.LATE_MILLIS + 1;
        assertThat(pace.behind(late)).isTrue();
        assertThat(pace.allowed(late, 0)).as("nothing new while behind").isZero();
        pace.dueTaken(late + 10, late + 20);
        assertThat(pace.behind(late + IntakePace.CALM_MILLIS - 1)).isTrue();
        assertThat(pace.behind(late + IntakePace.CALM_MILLIS)).isFalse();
    }

    @Test
    void startsSlowAndDoublesAfterEachSecondUsedWithEveryDueStepOnTime() {
        long first = IntakePace.FIRST_PER_SECOND;
        assertThat(pace.allowed(0, 0)).isEqualTo(first / 10);
        assertThat(pace.allowed(900, 0)).isEqualTo(first);
        take(first);
        assertThat(pace.allowed(999, 0)).as("this second's share is used up").isZero();

        assertThat(pace.allowed(1_000, 0)).as("a new second's first tenth").isEqualTo(2 * first / 10);
        assertThat(pace.allowed(1_900, 0)).isEqualTo(2 * first);
        take(2 * first);
        pace.dueTaken(1_500, 1_550);
        pace.allowed(2_000, 0);
        assertThat(pace.allowed(2_900, 0)).isEqualTo(4 * first);
    }

    @Test
    void holdsThePaceWhileWhatItTookHasNoDueStepYetAndGrowsOnceItsStepsAreOnTime() {
        long first = IntakePace.FIRST_PER_SECOND;
        pace.allowed(0, 0);
        take(pace.allowed(900, 0));
        assertThat(pace.allowed(1_000, first)).as("its first checks have not come due: no evidence yet")
                .isEqualTo(first / 10);
        assertThat(pace.perSecond()).isEqualTo(first);
        take(pace.allowed(1_900, first));
        pace.dueTaken(1_500, 1_510);
        pace.allowed(2_000, 2 * first);
        assertThat(pace.perSecond()).as("a second with due steps, all on time").isEqualTo(2 * first);
    }

    @Test
    void spreadsEachSecondsPaceOverItsTenths() {
        long first = IntakePace.FIRST_PER_SECOND;
        assertThat(pace.allowed(0, 0)).as("the first tenth").isEqualTo(first / 10);
        take(first / 10);
        assertThat(pace.allowed(99, 0)).as("the first tenth's share is used").isZero();
        assertThat(pace.allowed(100, 0)).as("the second tenth").isEqualTo(2 * first / 10 - first / 10);
        assertThat(pace.allowed(550, 0)).as("what a tenth left unused is there later in the second")
                .isEqualTo(6 * first / 10 - first / 10);
        take(6 * first / 10 - first / 10);
        assertThat(pace.allowed(999, 0)).isEqualTo(first - 6 * first / 10);
    }

    @Test
    void halvesAfterASecondWithALateStepButNeverBelowTheFirstPace() {
        long first = IntakePace.FIRST_PER_SECOND;
        for (long second = 0; second <= 3; second++) {
            pace.allowed(second * 1_000, 0);
            take(pace.allowed(second * 1_000 + 900, 0));
        }
        assertThat(pace.perSecond()).isEqualTo(8 * first);

        pace.dueTaken(3_100, 3_100 + IntakePace.LATE_MILLIS + 1);
        pace.allowed(4_000, 0);
        assertThat(pace.perSecond()).isEqualTo(4 * first);
        pace.dueTaken(4_100, 4_500);
        pace.allowed(5_000, 0);
        pace.dueTaken(5_100, 5_500);
        pace.allowed(6_000, 0);
        pace.dueTaken(6_100, 6_500);
        pace.allowed(7_000, 0);
        assertThat(pace.perSecond()).isEqualTo(first);
    }

    @Test
    void doesNotGrowWhileLittleOfItIsUsed() {
        long first = IntakePace.FIRST_PER_SECOND;
        pace.allowed(0, 0);
        take(first / 2 - 1);
        pace.allowed(1_000, 0);
        assertThat(pace.allowed(1_900, 0)).as("less than half used: the pace stays").isEqualTo(first);
        pace.allowed(60_000, 0);
        assertThat(pace.allowed(60_900, 0)).as("an idle minute: still the pace it has shown it keeps").isEqualTo(first);
    }

    private void take(long n) {
        for (long i = 0; i < n; i++) {
            pace.requestTaken();
        }
    }
}
