package io.cmkworker.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole bench run: where and when it ran, with what sizes, and what each scenario measured. This is
 * what {@code --json} writes ({@link BenchJson}) and the table shows ({@link BenchTable}).
 *
 * @param command the command line as given
 * @param startedAt when the run began
 * @param seconds how long it took
 * @param machine the machine
 * @param sizes the options and sizes it ran with
 * @param scenarios one result per scenario that ran, in order
 */
public record BenchReport(String command, Instant startedAt, double seconds, Machine machine,
                          Map<String, Object> sizes, List<ScenarioResult> scenarios) {

    public BenchReport {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(machine, "machine");
        sizes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sizes));
        scenarios = List.copyOf(scenarios);
    }

    /** Figures that missed their target, over all scenarios. */
    public long misses() {
        return scenarios.stream().flatMap(s -> s.figures().stream()).filter(f -> Boolean.FALSE.equals(f.pass()))
                .count();
    }

    /** Scenarios that could not run to the end. */
    public long failures() {
        return scenarios.stream().filter(s -> s.error() != null).count();
    }
}
