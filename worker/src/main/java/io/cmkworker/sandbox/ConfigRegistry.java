package io.cmkworker.sandbox;

import io.cmkworker.domain.JobStatus;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.charset.StandardCharsets;

/** The sandbox's configurations, by organisation and name, and how many POSTs each received. */
final class ConfigRegistry {

    /** One stored configuration and the clock-driven life of its job. */
    record StoredConfig(String id, String orgId, String name, String keyVaultKeyIdentifier, Instant createdAt,
                        boolean fails, String subscriptionId) {

        JobStatus statusAt(Instant now, Duration runningFor, Duration updatingFor) {
            Duration age = Duration.between(createdAt, now);
            if (age.compareTo(runningFor) < 0) {
                return JobStatus.RUNNING;
            }
            if (fails) {
                return JobStatus.FAILED;
            }
            return age.compareTo(runningFor.plus(updatingFor)) < 0 ? JobStatus.UPDATE_EXISTING_RESOURCES
                    : JobStatus.COMPLETED;
        }

        String keyVaultUri() {
            URI uri = URI.create(keyVaultKeyIdentifier);
            return uri.getScheme() + "://" + uri.getHost();
        }

        String keyVersion() {
            String[] parts = URI.create(keyVaultKeyIdentifier).getPath().split("/");
            return parts.length >= 4 ? parts[3] : null;
        }

        /** The top-level name the Platform returns: its multi-tenant app, as in the reference. */
        String appName() {
            return "acp" + subscriptionId.substring(0, 8) + "Aaepcmkmultitenantapp";
        }
    }

    private final Map<String, StoredConfig> configs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> posts = new ConcurrentHashMap<>();
    private final Clock clock;

    ConfigRegistry(Clock clock) {
        this.clock = clock;
    }

    /** Counts the POST, then stores the config unless one of that name exists (then empty). */
    Optional<StoredConfig> create(String orgId, String name, String keyVaultKeyIdentifier, boolean fails) {
        String id = key(orgId, name);
        posts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        StoredConfig fresh = new StoredConfig(UUID.randomUUID().toString(), orgId, name, keyVaultKeyIdentifier,
                clock.instant(), fails, subscriptionOf(orgId));
        StoredConfig existing = configs.putIfAbsent(id, fresh);
        return existing == null ? Optional.of(fresh) : Optional.empty();
    }

    Optional<StoredConfig> find(String orgId, String name) {
        return Optional.ofNullable(configs.get(key(orgId, name)));
    }

    int postCount(String orgId, String name) {
        AtomicInteger n = posts.get(key(orgId, name));
        return n == null ? 0 : n.get();
    }

    Map<String, Integer> postCounts() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        posts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int size() {
        return configs.size();
    }

    private static String key(String orgId, String name) {
        return orgId + "/" + name;
    }

    private static String subscriptionOf(String orgId) {
        return UUID.nameUUIDFromBytes(orgId.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
