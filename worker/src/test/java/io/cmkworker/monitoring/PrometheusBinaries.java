package io.cmkworker.monitoring;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Debian's {@code prometheus} and {@code promtool} are: the system property {@code prometheus.home}, else the
 * environment variable {@code PROMETHEUS_HOME}, else the directory {@code .ci/install-prometheus.sh} fills by default
 * ({@code ${XDG_CACHE_HOME:-~/.cache}/cmk-worker/prometheus}); each with the binaries in {@code bin/}. When none has
 * them, a test that needs them fails on CI ({@code CI=true}: a green build must not hide a missing install) and is
 * skipped elsewhere, saying how to get them.
 */
public record PrometheusBinaries(Path home) {

    static final String HOW = "run .ci/install-prometheus.sh (it puts Debian's prometheus 2.42 and promtool into"
            + " ~/.cache/cmk-worker/prometheus) or point -Dprometheus.home / PROMETHEUS_HOME at a directory with"
            + " bin/prometheus and bin/promtool";

    public Path promtool() {
        return home.resolve("bin").resolve("promtool");
    }

    public Path prometheus() {
        return home.resolve("bin").resolve("prometheus");
    }

    /** The binaries, or the test is failed (on CI) or skipped (elsewhere). */
    public static PrometheusBinaries require() {
        List<Path> candidates = candidates();
        for (Path home : candidates) {
            PrometheusBinaries found = new PrometheusBinaries(home);
            if (Files.isExecutable(found.promtool()) && Files.isExecutable(found.prometheus())) {
                return found;
            }
        }
        String message = "prometheus and promtool not found in " + candidates + ": " + HOW;
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(false, message);
        throw new AssertionError("unreachable");
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String property = System.getProperty("prometheus.home");
        if (property != null && !property.isBlank()) {
            out.add(Path.of(property));
        }
        String env = System.getenv("PROMETHEUS_HOME");
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        out.add(cache.resolve("cmk-worker").resolve("prometheus"));
        return out;
    }
}
