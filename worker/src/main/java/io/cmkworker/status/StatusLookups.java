package io.cmkworker.status;

import io.cmkworker.domain.SafeText;
import io.cmkworker.platform.Futures;
import io.cmkworker.submit.Progress;
import io.cmkworker.submit.Result;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Looks up the configuration of every row at once (the Platform client queues them within its rate limit and
 * bulkhead), and refreshes each row from its answer ({@link RowRefresh}). While more than one is awaited, a
 * progress line goes to {@code progress} every {@code every}.
 */
public final class StatusLookups {

    private final ConfigLookup lookup;
    private final Clock clock;
    private final PrintStream progress;
    private final Duration every;

    public StatusLookups(ConfigLookup lookup, Clock clock, PrintStream progress, Duration every) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.every = Objects.requireNonNull(every, "every");
    }

    /** Every row, refreshed, in the order given. */
    public List<Refreshed> refresh(List<Result> rows) throws InterruptedException {
        List<Optional<LookedUp.Skipped>> skipped = rows.stream().map(RowRefresh::skip).toList();
        Progress counts = new Progress((int) skipped.stream().filter(Optional::isEmpty).count(), clock.instant(),
                "looked up");
        List<CompletableFuture<LookedUp>> lookups = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            lookups.add(skipped.get(i).isPresent() ? CompletableFuture.<LookedUp>completedFuture(skipped.get(i).get())
                    : ask(rows.get(i)).thenApply(answer -> counted(counts, answer)));
        }
        await(CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)), counts);
        List<Refreshed> out = new ArrayList<>();
        Instant at = clock.instant();
        for (int i = 0; i < rows.size(); i++) {
            out.add(RowRefresh.of(rows.get(i), lookups.get(i).join(), at));
        }
        return out;
    }

    private CompletableFuture<LookedUp> ask(Result row) {
        CompletableFuture<LookedUp> asked;
        try {
            asked = lookup.find(RowRefresh.target(row), row.org().configName())
                    .thenApply(found -> found.<LookedUp>map(LookedUp.Found::new).orElseGet(LookedUp.NotFound::new));
        } catch (RuntimeException e) {
            asked = CompletableFuture.failedFuture(e);
        }
        return asked.exceptionally(error -> new LookedUp.Failed(why(error)));
    }

    private LookedUp counted(Progress counts, LookedUp answer) {
        synchronized (counts) {
            counts.add(answer.label(), false, clock.instant());
        }
        return answer;
    }

    private void await(CompletableFuture<Void> all, Progress counts) throws InterruptedException {
        boolean many = counts.total() > 1;
        while (true) {
            try {
                all.get(every.toMillis(), TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException notYet) {
                if (many) {
                    printLine(counts);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("a look-up failed unexpectedly", e.getCause());
            }
        }
        if (many) {
            printLine(counts);
        }
    }

    private void printLine(Progress counts) {
        synchronized (counts) {
            progress.println(counts.line(clock.instant()));
        }
    }

    private static String why(Throwable error) {
        return SafeText.of(String.valueOf(Futures.unwrap(error).getMessage()), 300);
    }
}
