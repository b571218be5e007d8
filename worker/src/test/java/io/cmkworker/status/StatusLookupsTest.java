package io.cmkworker.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformCallException;
import io.cmkworker.platform.PlatformError;
import io.cmkworker.platform.PlatformOperation;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StatusLookupsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    private final List<String> asked = new ArrayList<>();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void looksUpEveryRowThatReachedThePlatformAndRefreshesItInOrder() throws Exception {
        List<Result> rows = List.of(row(1, "done", "COMPLETED"), row(2, "late", "TIMED_OUT"),
                row(3, "bad", "INVALID"), row(4, "gone", "PENDING"), row(5, "broken", "ERROR"));
        ConfigLookup platform = (target, name) -> {
            asked.add(target.orgId() + "/" + name + "/" + target.region() + "/" + target.credentialRef());
            return switch (name) {
                case "cmk-done", "cmk-late" -> CompletableFuture.completedFuture(Optional.of(
                        RowRefreshTest.found("COMPLETED", RowRefreshTest.KEY).config()));
                case "cmk-gone" -> CompletableFuture.completedFuture(Optional.<ConfigStatus>empty());
                default -> CompletableFuture.failedFuture(new PlatformCallException(PlatformOperation.GET_CONFIG, 503,
                        new PlatformError("", "unavailable"), null, null));
            };
        };

        List<Refreshed> refreshed = lookups(platform).refresh(rows);

        assertThat(asked).containsExactly("ORG1@AdobeOrg/cmk-done/NLD2/it", "ORG2@AdobeOrg/cmk-late/NLD2/it",
                "ORG4@AdobeOrg/cmk-gone/NLD2/it", "ORG5@AdobeOrg/cmk-broken/NLD2/it");
        assertThat(refreshed).extracting(r -> r.before().org().line()).containsExactly(1, 2, 3, 4, 5);
        assertThat(refreshed).extracting(r -> r.lookup().label())
                .containsExactly("COMPLETED", "COMPLETED", "NOT_LOOKED_UP", "NOT_FOUND", "LOOKUP_FAILED");
        assertThat(refreshed).extracting(r -> r.after().status())
                .containsExactly("COMPLETED", "COMPLETED", "INVALID", "PENDING", "ERROR");
        assertThat(refreshed.get(4).note()).startsWith("the look-up failed: ").contains("503");
        assertThat(progress.toString(StandardCharsets.UTF_8))
                .isEqualTo("[  0.0 s] 4/4 looked up: COMPLETED 2, NOT_FOUND 1, LOOKUP_FAILED 1; 4000.0/s, ETA 0s"
                        + System.lineSeparator());
    }

    @Test
    void aLookUpThatThrowsInsteadOfFailingItsFutureIsAFailedRow() throws Exception {
        ConfigLookup throwing = (target, name) -> {
            throw new IllegalStateException("no token source");
        };

        List<Refreshed> refreshed = lookups(throwing).refresh(List.of(row(1, "x", "PENDING")));

        assertThat(refreshed.get(0).lookup()).isEqualTo(new LookedUp.Failed("no token source"));
        assertThat(progress.size()).as("no progress line for a single look-up").isZero();
    }

    @Test
    void aRowAnsweredLaterIsWaitedFor() throws Exception {
        CompletableFuture<Optional<ConfigStatus>> later = new CompletableFuture<>();
        ConfigLookup slow = (target, name) -> later;
        CompletableFuture.runAsync(() -> later.complete(Optional.empty()),
                CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS));

        List<Refreshed> refreshed = lookups(slow).refresh(List.of(row(1, "x", "PENDING")));

        assertThat(refreshed.get(0).lookup()).isInstanceOf(LookedUp.NotFound.class);
    }

    private StatusLookups lookups(ConfigLookup lookup) {
        return new StatusLookups(lookup, CLOCK, new PrintStream(progress, true, StandardCharsets.UTF_8),
                Duration.ofMillis(10));
    }

    private static Result row(int n, String name, String status) {
        return new Result(new Org(n, "ORG" + n + "@AdobeOrg", "NLD2", "cmk-" + name, RowRefreshTest.KEY, "it", "",
                Map.of(), 1), "cmk-" + n, status, false, null, null, null, null, null);
    }
}
