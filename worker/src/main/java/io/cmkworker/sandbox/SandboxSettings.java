package io.cmkworker.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the sandbox behaves.
 *
 * @param runningFor how long a new configuration stays {@code RUNNING}
 * @param updatingFor how long it then stays {@code UPDATE_EXISTING_RESOURCES} before {@code COMPLETED}
 * @param failingKeys key identifiers matching this pattern (searched, case-insensitive) end {@code FAILED}
 *     after {@code runningFor}
 * @param clients IMS clients it accepts: client ID to client secret
 * @param tokenLifetime the {@code expires_in} of the tokens it mints
 * @param seed seed of the random choices of injected faults, so a run can be repeated
 */
public record SandboxSettings(Duration runningFor, Duration updatingFor, Pattern failingKeys,
                              Map<String, String> clients, Duration tokenLifetime, long seed) {

    /** The pattern the demo and the defaults use: a key whose name starts with {@code fail}. */
    public static final String DEFAULT_FAILING_KEYS = "/keys/fail[^/]*";

    public SandboxSettings {
        Objects.requireNonNull(runningFor, "runningFor");
        Objects.requireNonNull(updatingFor, "updatingFor");
        Objects.requireNonNull(failingKeys, "failingKeys");
        Objects.requireNonNull(tokenLifetime, "tokenLifetime");
        clients = Map.copyOf(clients);
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("clients must name at least one IMS client");
        }
        if (tokenLifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("tokenLifetime must be at least 1s, was " + tokenLifetime);
        }
    }

    public static SandboxSettings defaults(Map<String, String> clients) {
        return new SandboxSettings(Duration.ofSeconds(3), Duration.ofSeconds(3),
                Pattern.compile(DEFAULT_FAILING_KEYS, Pattern.CASE_INSENSITIVE), clients, Duration.ofHours(24), 42L);
    }

    public SandboxSettings withTimes(Duration running, Duration updating) {
        return new SandboxSettings(running, updating, failingKeys, clients, tokenLifetime, seed);
    }
}
