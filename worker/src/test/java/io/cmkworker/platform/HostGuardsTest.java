package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cmkworker.ManualScheduler;
import io.cmkworker.config.BreakerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostGuardsTest {

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> events = new ArrayList<>();
    private final CallObserver observer = new CallObserver() {
        @Override
        public void called(PlatformOperation operation, int status) {
        }

        @Override
        public void throttled(String guard) {
            events.add("throttled " + guard);
        }

        @Override
        public synchronized void breakerTransition(String guard, String from, String to) {
            events.add(guard + " " + from + "->" + to);
        }
    };

    private HostGuards guards(int rate, Duration openFor) {
        return new HostGuards(rate, new BreakerSettings(50, 4, openFor, 2), scheduler, observer);
    }

    private static CompletableFuture<Integer> answer(HostGuards guards, String host, int status, AtomicInteger made) {
        return guards.call(HostGuards.Kind.PLATFORM, host, () -> {
            made.incrementAndGet();
            return CompletableFuture.completedFuture(status);
        }, HttpStatuses::isHostFailure);
    }

    @Test
    void opensAfterFailuresRefusesCallsWithoutMakingThemAndClosesAfterSuccessfulTrials() {
        HostGuards guards = guards(1000, Duration.ofMillis(300));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            answer(guards, "platform.adobe.io", 503, made);
        }

        assertThat(guards.anyOpen()).isTrue();
        CompletableFuture<Integer> refused = answer(guards, "platform.adobe.io", 200, made);
        assertThat(refused).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(CircuitOpenException.class);
        assertThat(made).hasValue(4);

        await().atMost(Duration.ofSeconds(5)).until(() -> !guards.anyOpen());
        answer(guards, "platform.adobe.io", 200, made);
        answer(guards, "platform.adobe.io", 200, made);

        assertThat(guards.states()).containsEntry("platform:platform.adobe.io", "CLOSED");
        assertThat(events).containsExactly("platform:platform.adobe.io CLOSED->OPEN",
                "platform:platform.adobe.io OPEN->HALF_OPEN", "platform:platform.adobe.io HALF_OPEN->CLOSED");
    }

    @Test
    void countsFourHundredsAsAnswersNotAsHostFailures() {
        HostGuards guards = guards(1000, Duration.ofSeconds(10));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            answer(guards, "platform.adobe.io", i % 2 == 0 ? 400 : 404, made);
        }

        assertThat(guards.anyOpen()).isFalse();
        assertThat(made).hasValue(10);
    }

    @Test
    void keepsOneBreakerPerHostAndKind() {
        HostGuards guards = guards(1000, Duration.ofSeconds(10));
        AtomicInteger made = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            answer(guards, "platform-nld2.adobe.io", 500, made);
        }
        answer(guards, "platform.adobe.io", 200, made);
        guards.call(HostGuards.Kind.IMS, "platform-nld2.adobe.io", () -> CompletableFuture.completedFuture(200),
                HttpStatuses::isHostFailure);

        assertThat(guards.states()).containsEntry("platform:platform-nld2.adobe.io", "OPEN")
                .containsEntry("platform:platform.adobe.io", "CLOSED")
                .containsEntry("ims:platform-nld2.adobe.io", "CLOSED");
    }

    @Test
    void aCallOverTheRateLimitWaitsOnTheSchedulerNotOnAThread() {
        HostGuards guards = guards(1, Duration.ofSeconds(10));
        AtomicInteger made = new AtomicInteger();

        CompletableFuture<Integer> first = answer(guards, "platform.adobe.io", 200, made);
        CompletableFuture<Integer> second = answer(guards, "platform.adobe.io", 200, made);

        assertThat(first).isCompletedWithValue(200);
        assertThat(second).isNotDone();
        assertThat(made).hasValue(1);
        assertThat(scheduler.delays()).singleElement().satisfies(d ->
                assertThat(d).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThat(events).contains("throttled platform:platform.adobe.io");

        scheduler.runNext();
        assertThat(second).isCompletedWithValue(200);
        assertThat(made).hasValue(2);
    }
}
