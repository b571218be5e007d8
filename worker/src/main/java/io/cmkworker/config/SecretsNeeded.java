package io.cmkworker.config;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Which client secrets a configuration must hold: those of the credentials the program calls IMS with. The
 * worker ({@link #ALL}) calls with every credential it names; a command that only reads and writes Kafka
 * ({@link #NONE}) calls with none, so it runs where no secret is set; a command that calls with a few
 * ({@link #only}) needs just theirs. Every credential's name and client ID are read either way, so requests
 * are still checked against the configured names.
 *
 * @param all every configured credential needs its secret
 * @param refs the credentials that need theirs when not {@code all}
 */
public record SecretsNeeded(boolean all, Set<String> refs) {

    /** The worker: every credential it names must have its secret. */
    public static final SecretsNeeded ALL = new SecretsNeeded(true, Set.of());
    /** A command that never calls IMS. */
    public static final SecretsNeeded NONE = new SecretsNeeded(false, Set.of());

    public SecretsNeeded {
        refs = Set.copyOf(Objects.requireNonNull(refs, "refs"));
        if (all && !refs.isEmpty()) {
            throw new IllegalArgumentException("refs must be empty when all secrets are needed");
        }
    }

    /** Only the secrets of these credentials. */
    public static SecretsNeeded only(Collection<String> refs) {
        return new SecretsNeeded(false, Set.copyOf(refs));
    }

    /** Whether credential {@code ref}'s secret must be set (and is loaded). */
    public boolean needs(String ref) {
        return all || refs.contains(ref);
    }
}
