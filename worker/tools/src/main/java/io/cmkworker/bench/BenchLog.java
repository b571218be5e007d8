package io.cmkworker.bench;

import java.io.PrintStream;

/** Progress lines while the bench runs, each with the seconds since the run began. */
final class BenchLog {

    private final PrintStream out;
    private final long startedNanos = System.nanoTime();

    BenchLog(PrintStream out) {
        this.out = out;
    }

    void line(String format, Object... args) {
        out.printf("[%6.1f s] %s%n", (System.nanoTime() - startedNanos) / 1e9, String.format(format, args));
    }
}
