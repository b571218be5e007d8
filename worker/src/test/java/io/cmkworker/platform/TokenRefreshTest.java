package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cmkworker.app.PlatformAccess;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.Region;
import io.cmkworker.resilience.FailureClassifier;
import io.cmkworker.sandbox.SandboxServer;
import io.cmkworker.sandbox.SandboxSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A 401 from the Platform gets exactly one fresh token and one more try; a second 401 ends the call. */
class TokenRefreshTest {

    private static final String GET_404 = "GET /data/infrastructure/manager/customer/config/{name} 404";
    private static final String GET_401 = "GET /data/infrastructure/manager/customer/config/{name} 401";

    private final SandboxServer sandbox = SandboxServer.start(0, SandboxSettings.defaults(Map.of("c", "s")),
            Clock.systemUTC());
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final PlatformAccess platform = PlatformAccess.create(WorkerConfig.of(
            "platform.base.url", sandbox.baseUri().toString(), "ims.url", sandbox.imsTokenUrl().toString(),
            "credentials.c.client.id", "c", "credentials.c.client.secret", "s"), Clock.systemUTC(), executor, timers,
            CallObserver.NONE);
    private final OrgTarget org = new OrgTarget("0123456789ABCDEF01234567@AdobeOrg", Region.VA7, "c");

    @AfterEach
    void stop() {
        sandbox.close();
        executor.shutdownNow();
        timers.shutdownNow();
    }

    private Object find() throws Exception {
        return platform.client().findConfig(org, "Config1").get(10, TimeUnit.SECONDS);
    }

    @Test
    void cachesOneTokenForManyCalls() throws Exception {
        for (int i = 0; i < 5; i++) {
            find();
        }

        assertThat(sandbox.tokensMinted()).isEqualTo(1);
        assertThat(sandbox.calls()).containsEntry(GET_404, 5);
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndTheCallRetried() throws Exception {
        find();
        sandbox.revokeTokens();

        assertThat(find()).isEqualTo(java.util.Optional.empty());
        assertThat(sandbox.tokensMinted()).isEqualTo(2);
        assertThat(sandbox.calls()).containsEntry(GET_401, 1).containsEntry(GET_404, 2);
    }

    @Test
    void aSecond401EndsTheCallAsATerminalFailure() {
        sandbox.faults().set(new io.cmkworker.sandbox.Faults.Plan(Map.of(), 0, Duration.ofSeconds(1), Duration.ZERO,
                Duration.ZERO, Duration.ZERO, true));

        Throwable failure = catchThrowable(this::find);

        assertThat(failure).isInstanceOf(ExecutionException.class).cause().isInstanceOf(PlatformCallException.class)
                .hasMessageContaining("401");
        assertThat(new FailureClassifier().classify(failure.getCause()).retriable()).isFalse();
        assertThat(sandbox.tokensMinted()).isEqualTo(2);
        assertThat(sandbox.calls()).containsEntry(GET_401, 2);
    }

    @Test
    void concurrentCallsShareOneMint() throws Exception {
        var calls = new java.util.ArrayList<java.util.concurrent.CompletableFuture<?>>();
        for (int i = 0; i < 20; i++) {
            calls.add(platform.client().findConfig(org, "Config" + i));
        }
        java.util.concurrent.CompletableFuture.allOf(calls.toArray(java.util.concurrent.CompletableFuture[]::new))
                .get(10, TimeUnit.SECONDS);

        assertThat(sandbox.tokensMinted()).isEqualTo(1);
    }
}
