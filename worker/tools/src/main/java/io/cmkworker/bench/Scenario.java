package io.cmkworker.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The bench's scenarios, in the order they run. */
public enum Scenario {
    CEILINGS("ceilings", "1. Ceilings of this machine (broker and sandbox, without the worker)"),
    CHECKS("checks", "2. Status-check throughput (demand above capacity)"),
    BULK("bulk", "3. Bulk onboarding at 200 ms per call"),
    LATENESS("lateness", "4. Check lateness at the wire, rate limit lifted"),
    LATENESS_PROCESSES("lateness-processes",
            "4b. Check lateness at the sandbox, broker, sandbox and worker in three processes"),
    RATE_LIMITED("rate-limited", "5. The same under the default rate limit"),
    HEAP("heap", "6. Worker heap after GC (worker in a child JVM)"),
    FIRST_OUTCOME("first-outcome", "7. From the command to the first outcome (worker in a child JVM)"),
    OUTAGE("outage", "8. Errors, throttling and a 30 s outage, the worker's defaults");

    private final String id;
    private final String title;

    Scenario(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The scenario named {@code id} (as on the command line). */
    public static Scenario of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.id.equals(wanted)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + id + "'; the scenarios are " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", "));
    }
}
