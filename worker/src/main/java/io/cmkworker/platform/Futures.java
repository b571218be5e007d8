package io.cmkworker.platform;

import java.util.concurrent.CompletionException;

/** Small helpers for the futures every asynchronous call returns. */
public final class Futures {

    private Futures() {
    }

    /** The failure itself, without the {@link CompletionException} wrappers a future chain adds. */
    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
