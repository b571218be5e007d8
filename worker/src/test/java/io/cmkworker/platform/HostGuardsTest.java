package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.MutableClock;
import io.cmkworker.config.BreakerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostGuardsTest {

    private final List<String> events = new ArrayList<>();
    private final java.util.Map<String, java.util.function.IntSupplier> states = new java.util.HashMap<>();
    private final CallObserver observer = new CallObserver() {
        @Override
        public void breaker(String guard, java.util.function.IntSupplier state) {
            states.put(guard, state);
        }

        @Override
        public synchronized void breakerTransition(String guard, String from, String to) {
            events.add(guard + " " + from + "->" + to);
        }
    };

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

    private HostGuards guards(Duration openFor) {
        return new HostGuards(new BreakerSettings(50, 4, openFor, 2), observer, clock);
    }

    /** A call as the scheduler makes it: the guard's permission first, then the answer recorded. */
    private static CompletableFuture<Integer> answer(HostGuards guards, String host, int status, AtomicInteger made) {
        String guard = HostGuards.name(HostGuards.Kind.PLATFORM, host);
        RuntimeException refused = guards.refusal(guard);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        made.incrementAndGet();
        guards.record(guard, 1_000_000, null, HttpStatuses.isHostFailure(status));
        return CompletableFuture.completedFuture(status);
    }

    @Test
    void opensAfterFailuresRefusesCallsWithoutMakingThemAndClosesAfterSuccessfulTrials() {
        HostGuards guards = guards(Duration.ofSeconds(30));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            answer(guards, "platform.adobe.io", 503, made);
        }

        assertThat(guards.anyOpen()).isTrue();
        assertThat(states.get("platform:platform.adobe.io").getAsInt()).as("the gauge reads open").isEqualTo(2);
        CompletableFuture<Integer> refused = answer(guards, "platform.adobe.io", 200, made);
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CircuitOpenException.class);
        assertThat(made).hasValue(4);

        clock.advance(Duration.ofSeconds(29));
        assertThat(guards.anyOpen()).as("still open a second before its time is up").isTrue();
        assertThat(answer(guards, "platform.adobe.io", 200, made)).isCompletedExceptionally();
        clock.advance(Duration.ofSeconds(1));
        assertThat(guards.anyOpen()).as("half-open once its time is up, with no call and no timer").isFalse();
        assertThat(states.get("platform:platform.adobe.io").getAsInt()).as("the gauge reads half-open").isEqualTo(1);
        answer(guards, "platform.adobe.io", 200, made);
        answer(guards, "platform.adobe.io", 200, made);

        assertThat(guards.states()).containsEntry("platform:platform.adobe.io", "CLOSED");
        assertThat(states.get("platform:platform.adobe.io").getAsInt()).as("the gauge reads closed").isZero();
        assertThat(events).containsExactly("platform:platform.adobe.io CLOSED->OPEN",
                "platform:platform.adobe.io OPEN->HALF_OPEN", "platform:platform.adobe.io HALF_OPEN->CLOSED");
    }

    @Test
    void countsFourHundredsAsAnswersNotAsHostFailures() {
        HostGuards guards = guards(Duration.ofSeconds(10));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            answer(guards, "platform.adobe.io", i % 2 == 0 ? 400 : 404, made);
        }

        assertThat(guards.anyOpen()).isFalse();
        assertThat(made).hasValue(10);
    }

    @Test
    void countsAnUnansweredCallAsAHostFailure() {
        HostGuards guards = guards(Duration.ofSeconds(10));
        String guard = HostGuards.name(HostGuards.Kind.PLATFORM, "platform.adobe.io");
        for (int i = 0; i < 4; i++) {
            assertThat(guards.refusal(guard)).isNull();
            guards.record(guard, 1_000_000, new java.net.ConnectException("refused"), false);
        }

        assertThat(guards.refusal(guard)).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void keepsOneBreakerPerHostAndKind() {
        HostGuards guards = guards(Duration.ofSeconds(10));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            answer(guards, "platform-nld2.adobe.io", 500, made);
        }
        answer(guards, "platform.adobe.io", 200, made);
        String ims = HostGuards.name(HostGuards.Kind.IMS, "platform-nld2.adobe.io");
        assertThat(guards.refusal(ims)).isNull();
        guards.record(ims, 1_000_000, null, false);

        assertThat(guards.states()).containsEntry("platform:platform-nld2.adobe.io", "OPEN")
                .containsEntry("platform:platform.adobe.io", "CLOSED")
                .containsEntry("ims:platform-nld2.adobe.io", "CLOSED");
    }

    @Test
    void aRefusalSaysHowLongUntilTheBreakerLetsTrialCallsThrough() {
        HostGuards guards = guards(Duration.ofSeconds(10));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            answer(guards, "platform.adobe.io", 503, made);
        }

        clock.advance(Duration.ofSeconds(4));
        RuntimeException refused = guards.refusal(HostGuards.name(HostGuards.Kind.PLATFORM, "platform.adobe.io"));
        assertThat(refused).isInstanceOfSatisfying(CircuitOpenException.class, open ->
                assertThat(open.reopensIn()).isEqualTo(Duration.ofSeconds(6)));
    }
}
