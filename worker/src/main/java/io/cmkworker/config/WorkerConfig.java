package io.cmkworker.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker's typed configuration. Build it with {@link #from(Map)} from the text values of
 * {@link ConfigLoader}; each key's meaning and default is in {@link ConfigKeys}.
 *
 * @param credentials the credentials this program may call IMS with, each with its secret: every configured
 *     one for the worker, fewer for a command that needs fewer ({@link SecretsNeeded})
 * @param credentialRefs the name of every configured credential, with or without its secret here: what a
 *     request's {@code credentialRef} is checked against
 */
public record WorkerConfig(
        String bootstrapServers,
        KafkaOverrides kafka,
        String instanceId,
        String groupId,
        Duration pollInterval,
        Duration drainTimeout,
        TopicNames topics,
        Duration ledgerRetention,
        boolean createTopics,
        int topicPartitions,
        short topicReplication,
        List<Duration> delayTiers,
        List<Duration> checkBackoff,
        List<Duration> retryBackoff,
        List<Duration> lostPostBackoff,
        Duration deadline,
        Optional<URI> platformBaseUrl,
        Duration callTimeout,
        Duration connectTimeout,
        int maxConcurrentCalls,
        RetrySettings retry,
        int rateLimitPerSecond,
        BreakerSettings breaker,
        URI imsUrl,
        Duration tokenRefreshMargin,
        List<String> keyHosts,
        List<java.nio.file.Path> writerSchemas,
        int formatLevel,
        Optional<RegistrySettings> registry,
        Optional<Integer> adminPort,
        Duration stuckAfter,
        Map<String, Credential> credentials,
        Set<String> credentialRefs) {

    private static final Pattern CREDENTIAL_KEY = Pattern.compile("credentials\\.([^.]+)\\.(client\\.id|client\\.secret|scopes)");
    private static final Pattern REF = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Kafka client properties passed through from {@code kafka.*}, {@code kafka.consumer.*}, {@code kafka.producer.*}. */
    public record KafkaOverrides(Map<String, String> common, Map<String, String> consumer, Map<String, String> producer) {
        public KafkaOverrides {
            common = Map.copyOf(common);
            consumer = Map.copyOf(consumer);
            producer = Map.copyOf(producer);
        }
    }

    public WorkerConfig {
        delayTiers = List.copyOf(delayTiers);
        checkBackoff = List.copyOf(checkBackoff);
        retryBackoff = List.copyOf(retryBackoff);
        lostPostBackoff = List.copyOf(lostPostBackoff);
        credentials = Map.copyOf(credentials);
        credentialRefs = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(credentialRefs));
        if (!credentialRefs.containsAll(credentials.keySet())) {
            throw new IllegalArgumentException("credentialRefs must name every credential, but " + credentialRefs
                    + " lacks some of " + credentials.keySet());
        }
        keyHosts = List.copyOf(keyHosts);
        writerSchemas = List.copyOf(writerSchemas);
        Duration smallest = delayTiers.stream().min(Duration::compareTo).orElseThrow(
                () -> new ConfigException("delay.tiers must name at least one delay"));
        for (Duration tier : delayTiers) {
            if (tier.toMillis() % smallest.toMillis() != 0) {
                throw new ConfigException("delay.tiers: every tier must be a multiple of the smallest ("
                        + Durations.format(smallest) + "), but " + Durations.format(tier) + " is not");
            }
        }
        if (deadline.compareTo(ledgerRetention) >= 0) {
            throw new ConfigException("onboarding.deadline (" + Durations.format(deadline) + ") must be shorter than"
                    + " ledger.retention (" + Durations.format(ledgerRetention) + "), so the ledger remembers every"
                    + " request that may still be running");
        }
        if (new TreeSet<>(delayTiers).size() != delayTiers.size()) {
            throw new ConfigException("delay.tiers must not repeat a tier: " + delayTiers);
        }
    }

    /**
     * Reads every key from text values, with every credential's secret (what the worker needs); unknown keys
     * are an error (they are usually typos).
     */
    public static WorkerConfig from(Map<String, String> values) {
        return from(values, SecretsNeeded.ALL);
    }

    /**
     * Reads every key from text values, with the secrets of the credentials {@code needed} names only: a
     * missing one of those is an error, the others are neither required nor kept.
     */
    public static WorkerConfig from(Map<String, String> values, SecretsNeeded needed) {
        Map<String, String> v = new TreeMap<>(values);
        rejectUnknownKeys(v);
        Map<String, String> common = new LinkedHashMap<>();
        Map<String, String> consumer = new LinkedHashMap<>();
        Map<String, String> producer = new LinkedHashMap<>();
        v.forEach((key, value) -> {
            if (key.startsWith("kafka.consumer.")) {
                consumer.put(key.substring("kafka.consumer.".length()), value);
            } else if (key.startsWith("kafka.producer.")) {
                producer.put(key.substring("kafka.producer.".length()), value);
            } else if (key.startsWith("kafka.") && !key.equals(ConfigKeys.BOOTSTRAP_SERVERS.name())) {
                common.put(key.substring("kafka.".length()), value);
            }
        });
        String instanceId = v.containsKey(ConfigKeys.INSTANCE_ID.name())
                ? get(v, ConfigKeys.INSTANCE_ID) : hostName();
        Optional<URI> baseUrl = Optional.ofNullable(v.get(ConfigKeys.PLATFORM_BASE_URL.name()))
                .filter(s -> !s.isBlank()).map(ConfigKeys.PLATFORM_BASE_URL::parse);
        return new WorkerConfig(
                get(v, ConfigKeys.BOOTSTRAP_SERVERS),
                new KafkaOverrides(common, consumer, producer),
                instanceId,
                get(v, ConfigKeys.GROUP_ID),
                get(v, ConfigKeys.POLL_INTERVAL),
                get(v, ConfigKeys.DRAIN_TIMEOUT),
                new TopicNames(get(v, ConfigKeys.REQUESTS_TOPIC), get(v, ConfigKeys.OUTCOMES_TOPIC),
                        get(v, ConfigKeys.DLQ_TOPIC), get(v, ConfigKeys.LEDGER_TOPIC),
                        get(v, ConfigKeys.DELAY_TOPIC_PREFIX)),
                get(v, ConfigKeys.LEDGER_RETENTION),
                get(v, ConfigKeys.CREATE_TOPICS),
                get(v, ConfigKeys.TOPIC_PARTITIONS),
                get(v, ConfigKeys.TOPIC_REPLICATION),
                get(v, ConfigKeys.DELAY_TIERS),
                get(v, ConfigKeys.CHECK_BACKOFF),
                get(v, ConfigKeys.RETRY_BACKOFF),
                get(v, ConfigKeys.LOST_POST_BACKOFF),
                get(v, ConfigKeys.DEADLINE),
                baseUrl,
                get(v, ConfigKeys.CALL_TIMEOUT),
                get(v, ConfigKeys.CONNECT_TIMEOUT),
                get(v, ConfigKeys.MAX_CONCURRENT_CALLS),
                new RetrySettings(get(v, ConfigKeys.RETRY_MAX_ATTEMPTS), get(v, ConfigKeys.RETRY_INITIAL_BACKOFF),
                        get(v, ConfigKeys.RETRY_MAX_BACKOFF), get(v, ConfigKeys.RETRY_JITTER)),
                get(v, ConfigKeys.RATE_LIMIT),
                new BreakerSettings(get(v, ConfigKeys.BREAKER_FAILURE_RATE), get(v, ConfigKeys.BREAKER_WINDOW),
                        get(v, ConfigKeys.BREAKER_OPEN_FOR), get(v, ConfigKeys.BREAKER_TRIAL_CALLS)),
                get(v, ConfigKeys.IMS_URL),
                get(v, ConfigKeys.TOKEN_REFRESH_MARGIN),
                get(v, ConfigKeys.KEY_HOSTS),
                v.containsKey(ConfigKeys.WRITER_SCHEMAS.name()) ? get(v, ConfigKeys.WRITER_SCHEMAS) : List.of(),
                get(v, ConfigKeys.FORMATS_LEVEL),
                registry(v),
                get(v, ConfigKeys.ADMIN_PORT),
                get(v, ConfigKeys.STUCK_AFTER),
                credentials(v, needed),
                credentialRefs(v));
    }

    /** A config from defaults plus the given values, for tests and the demo. */
    public static WorkerConfig of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("expected key, value pairs");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return from(values);
    }

    private static <T> T get(Map<String, String> values, ConfigKey<T> key) {
        String text = values.get(key.name());
        if (text == null) {
            if (key.defaultValue() == null) {
                throw new ConfigException(key.name() + " is required: " + key.doc());
            }
            text = key.defaultValue();
        }
        return key.parse(text);
    }

    /** {@code schemas.registry.url} and the client settings passed through with it, if it is set. */
    private static Optional<RegistrySettings> registry(Map<String, String> values) {
        String prefix = "schemas.registry.";
        Map<String, String> properties = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix) && !key.equals(ConfigKeys.SCHEMA_REGISTRY_URL.name())) {
                properties.put(key.substring(prefix.length()), value);
            }
        });
        String url = values.get(ConfigKeys.SCHEMA_REGISTRY_URL.name());
        if (url == null || url.isBlank()) {
            if (!properties.isEmpty()) {
                throw new ConfigException(prefix + properties.keySet().iterator().next() + " is set but "
                        + ConfigKeys.SCHEMA_REGISTRY_URL.name() + " is not: the registry settings apply only with a"
                        + " registry");
            }
            return Optional.empty();
        }
        return Optional.of(new RegistrySettings(ConfigKeys.SCHEMA_REGISTRY_URL.parse(url), properties));
    }

    /** The {@code credentials.<ref>.*} values, by ref. */
    private static Map<String, Map<String, String>> credentialValues(Map<String, String> values) {
        Map<String, Map<String, String>> byRef = new TreeMap<>();
        values.forEach((key, value) -> {
            Matcher m = CREDENTIAL_KEY.matcher(key);
            if (m.matches()) {
                byRef.computeIfAbsent(m.group(1), r -> new TreeMap<>()).put(m.group(2), value);
            }
        });
        return byRef;
    }

    private static Set<String> credentialRefs(Map<String, String> values) {
        return credentialValues(values).keySet();
    }

    private static Map<String, Credential> credentials(Map<String, String> values, SecretsNeeded needed) {
        Map<String, Map<String, String>> byRef = credentialValues(values);
        Map<String, Credential> out = new LinkedHashMap<>();
        byRef.forEach((ref, fields) -> {
            if (!REF.matcher(ref).matches()) {
                throw new ConfigException("credentials." + ref + ": a credential name must be 1-64 lower-case letters,"
                        + " digits and '-', starting with a letter or digit");
            }
            String prefix = "credentials." + ref + ".";
            String clientId = fields.get("client.id");
            String secret = fields.get("client.secret");
            if (clientId == null || clientId.isBlank()) {
                throw new ConfigException(prefix + "client.id is required when credential '" + ref + "' is configured");
            }
            if (!needed.needs(ref)) {
                return;
            }
            if (secret == null || secret.isBlank()) {
                throw new ConfigException(prefix + "client.secret is required when credential '" + ref
                        + "' is configured (set " + ConfigKey.envNameOf("credentials." + ref.replace('-', '_')
                        + ".client.secret") + ")");
            }
            String scopes = fields.getOrDefault("scopes", ConfigKeys.CREDENTIAL_SCOPES.defaultValue());
            List<String> scopeList = new ArrayList<>();
            Arrays.stream(scopes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(scopeList::add);
            out.put(ref, new Credential(ref, clientId.trim(), new Secret(secret.trim()), scopeList));
        });
        return out;
    }

    private static void rejectUnknownKeys(Map<String, String> values) {
        Set<String> known = new TreeSet<>();
        for (ConfigKey<?> key : ConfigKeys.all()) {
            known.add(key.name());
        }
        for (String key : values.keySet()) {
            if (known.contains(key) || key.startsWith("kafka.") || key.startsWith("schemas.registry.")
                    || CREDENTIAL_KEY.matcher(key).matches()) {
                continue;
            }
            throw new ConfigException("unknown configuration key '" + key + "' (see the README's configuration table)");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "cmk-worker";
        }
    }
}
