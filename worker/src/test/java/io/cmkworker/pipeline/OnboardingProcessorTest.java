package io.cmkworker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.MutableClock;
import io.cmkworker.app.PlatformAccess;
import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.OnboardingOutcome;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import io.cmkworker.events.StatusCheck;
import io.cmkworker.events.Step;
import io.cmkworker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The onboarding steps against the sandbox over real HTTP, with one hand-moved clock for both: the
 * status sequence, the backoff, and the lookup that keeps a repeated step from POSTing twice.
 */
class OnboardingProcessorTest {

    private static final String SECRET = "unit-secret-" + System.nanoTime();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private SandboxServer sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of("unit-client", SECRET))
                .withTimes(Duration.ofSeconds(10), Duration.ofSeconds(30)), clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        executor.shutdownNow();
        timers.shutdownNow();
    }

    private OnboardingProcessor processor(String... overrides) {
        String[] base = {"platform.base.url", sandbox.baseUri().toString(), "ims.url", sandbox.imsTokenUrl().toString(),
                "credentials.unit.client.id", "unit-client", "credentials.unit.client.secret", SECRET,
                "onboarding.check.backoff", "5s,15s,30s,60s", "onboarding.retry.backoff", "5s,15s",
                "platform.call.timeout", "5s", "platform.retry.max.attempts", "1"};
        String[] all = new String[base.length + overrides.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(overrides, 0, all, base.length, overrides.length);
        WorkerConfig config = WorkerConfig.of(all);
        WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
        return Worker.processor(config, PlatformAccess.create(config, clock, executor, timers, metrics), clock, timers,
                metrics);
    }

    private static OnboardingRequest request(String orgSuffix, String keyName) {
        return OnboardingRequest.newBuilder()
                .setRequestId("r-" + orgSuffix)
                .setOrgId("0123456789ABCDEF0123" + orgSuffix + "@AdobeOrg")
                .setRegion("VA7")
                .setConfigName("Config1")
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://adobecmkexample.vault.azure.net/keys/" + keyName
                        + "/7c1d50lo28234cc895534c00d7eb4eb4")
                .setCredentialRef("unit")
                .setRequestedAt(Instant.parse("2026-11-29T09:59:00Z"))
                .setDeadline(null)
                .setMetadata(Map.of())
                .build();
    }

    private static List<Output> await(java.util.concurrent.CompletableFuture<List<Output>> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static Output.Schedule scheduled(List<Output> outputs) {
        assertThat(outputs).singleElement().isInstanceOf(Output.Schedule.class);
        return (Output.Schedule) outputs.get(0);
    }

    private static OnboardingOutcome published(List<Output> outputs) {
        assertThat(outputs).singleElement().isInstanceOf(Output.Publish.class);
        return ((Output.Publish) outputs.get(0)).outcome();
    }

    @Test
    void submitsOnceThenChecksAfter5s15s30sUntilCompleted() throws Exception {
        OnboardingProcessor processor = processor();
        OnboardingRequest request = request("AAAA", "adobeCMK-key");

        Output.Schedule first = scheduled(await(processor.onRequest(request, Lease.ALWAYS)));
        assertThat(first.delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(first.check().getStep()).isEqualTo(Step.STATUS);
        assertThat(first.check().getConfigId()).isNotBlank();

        clock.advance(Duration.ofSeconds(5)); // job age 5 s: RUNNING
        Output.Schedule second = scheduled(await(processor.onCheck(first.check(), Lease.ALWAYS)));
        assertThat(second.delay()).isEqualTo(Duration.ofSeconds(15));

        clock.advance(Duration.ofSeconds(15)); // age 20 s: UPDATE_EXISTING_RESOURCES
        Output.Schedule third = scheduled(await(processor.onCheck(second.check(), Lease.ALWAYS)));
        assertThat(third.delay()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30)); // age 50 s: COMPLETED
        OnboardingOutcome outcome = published(await(processor.onCheck(third.check(), Lease.ALWAYS)));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
        assertThat(outcome.getAttempts()).isEqualTo(5); // lookup, POST, three status checks
        assertThat(outcome.getPlatform().getJobStatus()).isEqualTo("COMPLETED");
        assertThat(outcome.getPlatform().getKeyVaultUri()).isEqualTo("https://adobecmkexample.vault.azure.net");
        assertThat(outcome.getStartedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(outcome.getFinishedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:50Z"));
        assertThat(sandbox.postCount(request.getOrgId(), "Config1")).isEqualTo(1);
    }

    @Test
    void aRequestProcessedAgainAfterItsPostLooksTheConfigUpAndDoesNotPostAgain() throws Exception {
        OnboardingProcessor processor = processor();
        OnboardingRequest request = request("BBBB", "adobeCMK-key");

        await(processor.onRequest(request, Lease.ALWAYS));
        clock.advance(Duration.ofSeconds(2));
        Output.Schedule again = scheduled(await(processor.onRequest(request, Lease.ALWAYS)));

        assertThat(sandbox.postCount(request.getOrgId(), "Config1")).isEqualTo(1);
        assertThat(again.check().getStep()).isEqualTo(Step.STATUS);
        assertThat(again.check().getAttempt()).isEqualTo(1); // the lookup counted as the first check
        assertThat(again.delay()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void anExistingConfigWithAnotherKeyEndsInErrorWithoutPosting() throws Exception {
        OnboardingProcessor processor = processor();
        await(processor.onRequest(request("CCCC", "first-key"), Lease.ALWAYS));

        OnboardingOutcome outcome = published(await(processor.onRequest(request("CCCC", "other-key"), Lease.ALWAYS)));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.ERROR);
        assertThat(outcome.getReason()).contains("already exists").contains("first-key");
        assertThat(outcome.getHint()).contains("'Config1' is taken").contains("new configName");
        assertThat(sandbox.postCount("0123456789ABCDEF0123CCCC@AdobeOrg", "Config1")).isEqualTo(1);
    }

    @Test
    void retriesAnUnreachablePlatformLaterAndTimesOutWithTheLastErrorAtTheDeadline() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OnboardingProcessor processor = processor("platform.base.url", "http://127.0.0.1:" + closedPort,
                "ims.url", "http://127.0.0.1:" + closedPort + "/ims/token/v3", "platform.connect.timeout", "2s");
        OnboardingRequest request = request("DDDD", "adobeCMK-key");
        request.setDeadline(clock.instant().plusSeconds(12));

        Output.Schedule retry = scheduled(await(processor.onRequest(request, Lease.ALWAYS)));
        assertThat(retry.check().getStep()).isEqualTo(Step.SUBMIT);
        assertThat(retry.check().getFailures()).isEqualTo(1);
        assertThat(retry.check().getLastError()).contains("got no response");
        assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(5));

        clock.advance(Duration.ofSeconds(5));
        Output.Schedule cut = scheduled(await(processor.onCheck(retry.check(), Lease.ALWAYS)));
        assertThat(cut.delay()).isEqualTo(Duration.ofSeconds(7)); // 15 s cut to the deadline

        clock.advance(Duration.ofSeconds(7));
        OnboardingOutcome outcome = published(await(processor.onCheck(cut.check(), Lease.ALWAYS)));
        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.TIMED_OUT);
        assertThat(outcome.getReason()).contains("deadline").contains("last error").contains("got no response");
        assertThat(outcome.getHint()).startsWith("IMS").contains("did not answer");
    }

    @Test
    void aRequestWhoseDeadlinePassedWhileItWaitedEndsTimedOutWithoutACall() throws Exception {
        OnboardingRequest waited = OnboardingRequest.newBuilder(request("DDDD", "k"))
                .setDeadline(clock.instant().minusSeconds(1)).build();

        OnboardingOutcome outcome = published(await(processor().onRequest(waited, Lease.ALWAYS)));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.TIMED_OUT);
        assertThat(outcome.getReason()).contains("had passed when the worker took the request");
        assertThat(outcome.getAttempts()).isZero();
        assertThat(sandbox.totalCalls()).isZero();
    }

    @Test
    void endsInErrorWhenImsRefusesTheCredentialAndNeverShowsTheSecret() throws Exception {
        OnboardingProcessor processor = processor("credentials.unit.client.secret", "wrong-" + SECRET);

        OnboardingOutcome outcome = published(await(processor.onRequest(request("EEEE", "k"), Lease.ALWAYS)));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.ERROR);
        assertThat(outcome.getReason()).contains("/ims/token/v3").contains("401").contains("invalid_client")
                .doesNotContain(SECRET);
        assertThat(outcome.getHint()).contains("IMS refused credential 'unit'").doesNotContain(SECRET);
    }

    @Test
    void aPostWhoseAnswerIsLostIsNotRepeatedButFollowedByStatusChecks() throws Exception {
        OnboardingProcessor processor = processor("platform.call.timeout", "1s");
        OnboardingRequest request = request("ACDC", "adobeCMK-key");
        sandbox.faults().delayCreateReplies(Duration.ofSeconds(5)); // stored at once, answered too late

        Output.Schedule unconfirmed = scheduled(await(processor.onRequest(request, Lease.ALWAYS)));
        assertThat(unconfirmed.check().getStep()).isEqualTo(Step.STATUS);
        assertThat(unconfirmed.check().getPostUnconfirmed()).isTrue();
        assertThat(unconfirmed.check().getLastError()).contains("got no response");
        sandbox.faults().delayCreateReplies(Duration.ZERO);

        clock.advance(Duration.ofSeconds(60));
        OnboardingOutcome outcome = published(await(processor.onCheck(unconfirmed.check(), Lease.ALWAYS)));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
        assertThat(sandbox.postCount(request.getOrgId(), "Config1")).isEqualTo(1);
    }

    @Test
    void anUnconfirmedPostThatCreatedNothingIsSubmittedAgainOnlyAfterThreeMisses() throws Exception {
        OnboardingProcessor processor = processor();
        OnboardingRequest request = request("BEEF", "adobeCMK-key");
        StatusCheck check = scheduled(await(processor.onRequest(request, Lease.ALWAYS))).check();
        // As if the POST's answer had been lost and it had created nothing: a config of another name.
        check.setConfigName("Never-Created");
        check.setPostUnconfirmed(true);

        for (int miss = 1; miss <= 2; miss++) {
            clock.advance(Duration.ofSeconds(30));
            check = scheduled(await(processor.onCheck(check, Lease.ALWAYS))).check();
            assertThat(check.getStep()).as("after miss %d", miss).isEqualTo(Step.STATUS);
            assertThat(check.getNotFound()).isEqualTo(miss);
        }
        clock.advance(Duration.ofSeconds(30));
        Output.Schedule again = scheduled(await(processor.onCheck(check, Lease.ALWAYS)));

        assertThat(again.check().getStep()).isEqualTo(Step.SUBMIT);
        assertThat(again.check().getPostUnconfirmed()).isFalse();
        assertThat(sandbox.postCount(request.getOrgId(), "Never-Created")).isZero();
    }

    @Test
    void aPostWaitingForItsTurnIsDroppedWhenTheLeaseEndsMeanwhile() {
        OnboardingProcessor processor = processor();
        OnboardingRequest request = request("CAFE", "adobeCMK-key");
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        Lease endsAfterTheFirstLook = () -> asked.incrementAndGet() == 1;

        assertThatThrownBy(() -> await(processor.onRequest(request, endsAfterTheFirstLook)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(LeaseLostException.class);
        assertThat(asked).hasValueGreaterThanOrEqualTo(2);
        assertThat(sandbox.postCount(request.getOrgId(), "Config1")).isZero();
    }

    @Test
    void givesUpBeforeThePostWhenThePartitionWasRevoked() {
        OnboardingProcessor processor = processor();
        OnboardingRequest request = request("FFFF", "adobeCMK-key");

        assertThatThrownBy(() -> await(processor.onRequest(request, () -> false)))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(LeaseLostException.class);
        assertThat(sandbox.postCount(request.getOrgId(), "Config1")).isZero();
    }

    @Test
    void aCheckThatFindsTheJobDoneFinishesAtOnce() throws Exception {
        OnboardingProcessor processor = processor();
        OnboardingRequest request = request("ABCD", "adobeCMK-key");
        StatusCheck first = scheduled(await(processor.onRequest(request, Lease.ALWAYS))).check();

        clock.advance(Duration.ofSeconds(60));
        OnboardingOutcome outcome = published(await(processor.onCheck(first, Lease.ALWAYS)));

        assertThat(outcome.getStatus()).isEqualTo(OutcomeStatus.COMPLETED);
        assertThat(outcome.getAttempts()).isEqualTo(3);
    }
}
