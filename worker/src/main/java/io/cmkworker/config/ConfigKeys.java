package io.cmkworker.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Every configuration key of the worker, with its default and meaning. Keys are read from the
 * {@code --config} properties file; an environment variable named {@code CMK_} + the key in upper
 * case with dots as underscores overrides the file (for example {@code CMK_PLATFORM_CALL_TIMEOUT}).
 */
public final class ConfigKeys {

    private ConfigKeys() {
    }

    public static final ConfigKey<String> BOOTSTRAP_SERVERS = new ConfigKey<>("kafka.bootstrap.servers",
            "localhost:9092", "Kafka bootstrap servers.", nonBlank());

    public static final ConfigKey<String> KAFKA_PASSTHROUGH = new ConfigKey<>("kafka.<property>", null,
            "Any Kafka client property, passed through untouched to the worker's consumer, producer and admin"
                    + " client (TLS, SASL, timeouts), for example kafka.security.protocol. kafka.consumer.<property>"
                    + " and kafka.producer.<property> apply to one client only. The worker's own settings for"
                    + " exactly-once (isolation level, transactions, auto-commit) cannot be overridden.",
            nonBlank());

    public static final ConfigKey<String> INSTANCE_ID = new ConfigKey<>("worker.instance.id", null,
            "This instance's stable, unique name; unset, the host name. It forms the Kafka transactional.id: give each instance its"
                    + " own, and the same one again when it restarts, so a restart aborts what the crashed"
                    + " instance left open.", nonBlank());

    public static final ConfigKey<String> GROUP_ID = new ConfigKey<>("worker.group.id", "cmk-worker",
            "Kafka consumer group of all instances of one worker deployment.", nonBlank());

    public static final ConfigKey<Duration> POLL_INTERVAL = new ConfigKey<>("worker.poll.interval", "50ms",
            "Longest wait in one poll of Kafka. Bounds how late a due check can start and how long finished"
                    + " work waits before it is committed.", positiveDuration());

    public static final ConfigKey<Duration> DRAIN_TIMEOUT = new ConfigKey<>("worker.drain.timeout", "30s",
            "On shutdown or when partitions move to another instance, how long to wait for calls already on the"
                    + " wire to finish and commit (POSTs not yet sent are dropped at once). Keep it above"
                    + " platform.call.timeout.",
            positiveDuration());

    public static final ConfigKey<String> REQUESTS_TOPIC = new ConfigKey<>("topics.requests",
            "cmk.onboarding.requests", "Topic of OnboardingRequest events (input).", nonBlank());

    public static final ConfigKey<String> OUTCOMES_TOPIC = new ConfigKey<>("topics.outcomes",
            "cmk.onboarding.outcomes", "Topic of OnboardingOutcome events (output, one per request).", nonBlank());

    public static final ConfigKey<String> DLQ_TOPIC = new ConfigKey<>("topics.dlq", "cmk.onboarding.dlq",
            "Dead-letter topic for records that cannot be decoded.", nonBlank());

    public static final ConfigKey<String> LEDGER_TOPIC = new ConfigKey<>("topics.ledger", "cmk.onboarding.ledger",
            "Compacted topic recording each request ID the worker has taken and its outcome, so a duplicate request"
                    + " does not start a second onboarding.", nonBlank());

    public static final ConfigKey<Duration> LEDGER_RETENTION = new ConfigKey<>("ledger.retention", "7d",
            "How long the ledger remembers a request ID (retention.ms of the ledger topic the worker creates): a"
                    + " duplicate within it is answered from the ledger; one after it is treated as new (and finds the"
                    + " configuration already there). A request in flight costs about 40 bytes of worker memory; a"
                    + " finished one keeps its outcome, about 0.5 KB (up to about 20 KB with the largest metadata).",
            positiveDuration());

    public static final ConfigKey<String> DELAY_TOPIC_PREFIX = new ConfigKey<>("topics.delay.prefix",
            "cmk.onboarding.delay", "Prefix of the delay-tier topics; one topic per tier, named prefix.<tier>,"
                    + " for example cmk.onboarding.delay.5s.", nonBlank());

    public static final ConfigKey<Boolean> CREATE_TOPICS = new ConfigKey<>("topics.create", "true",
            "Create missing topics at start. When false, the worker checks they exist and stops if not.",
            ConfigKeys::parseBoolean);

    public static final ConfigKey<Integer> TOPIC_PARTITIONS = new ConfigKey<>("topics.partitions", "12",
            "Partitions of the topics the worker creates; the most instances that can share the work.",
            positiveInt());

    public static final ConfigKey<Short> TOPIC_REPLICATION = new ConfigKey<>("topics.replication.factor", "-1",
            "Replication factor of the topics the worker creates; -1 takes the broker's default.",
            text -> Short.parseShort(text.trim()));

    public static final ConfigKey<List<Duration>> DELAY_TIERS = new ConfigKey<>("delay.tiers",
            "1s,5s,15s,30s,60s", "The fixed delays of the delay-tier topics. A delay is made of hops through"
                    + " these tiers; every tier must be a multiple of the smallest, which is the finest delay"
                    + " granularity (delays are rounded up to it).", positiveDurations());

    public static final ConfigKey<List<Duration>> CHECK_BACKOFF = new ConfigKey<>("onboarding.check.backoff",
            "5s,15s,30s,60s", "Delays between status checks of a running job; the last repeats.",
            positiveDurations());

    public static final ConfigKey<List<Duration>> RETRY_BACKOFF = new ConfigKey<>("onboarding.retry.backoff",
            "5s,15s,30s,60s", "Delays before a step whose call failed (Platform or IMS unreachable, 5xx) is"
                    + " tried again through the delay topics; the last repeats until the deadline.",
            positiveDurations());

    public static final ConfigKey<List<Duration>> LOST_POST_BACKOFF = new ConfigKey<>("onboarding.lost.post.backoff",
            "1s,2s,4s", "Delays between the status checks that look for a configuration the Platform does not show"
                    + " yet: after a POST whose answer was lost (after three misses it is sent again) or one just"
                    + " created (after three misses the request ends ERROR). The last repeats.",
            positiveDurations());

    public static final ConfigKey<Duration> DEADLINE = new ConfigKey<>("onboarding.deadline", "24h",
            "How long after requestedAt an onboarding may take when the request names no deadline; then it"
                    + " ends TIMED_OUT.", positiveDuration());

    public static final ConfigKey<URI> PLATFORM_BASE_URL = new ConfigKey<>("platform.base.url", null,
            "Overrides the Platform host for every region, for the sandbox or a test, for example"
                    + " http://localhost:8080. Unset, the region decides: VA7 -> https://platform.adobe.io,"
                    + " NLD2 -> https://platform-nld2.adobe.io, AUS5 -> https://platform-aus5.adobe.io.",
            ConfigKeys::parseHttpUri);

    public static final ConfigKey<Duration> CALL_TIMEOUT = new ConfigKey<>("platform.call.timeout", "10s",
            "Longest wait for one HTTP call to the Platform or IMS, from sending to the last byte.",
            positiveDuration());

    public static final ConfigKey<Duration> CONNECT_TIMEOUT = new ConfigKey<>("platform.connect.timeout", "5s",
            "Longest wait to open a connection to the Platform or IMS.", positiveDuration());

    public static final ConfigKey<Integer> MAX_CONCURRENT_CALLS = new ConfigKey<>("platform.max.concurrent.calls",
            "64", "Most HTTP calls in flight at once across all organisations; further calls wait their turn"
                    + " without holding a thread.", positiveInt());

    public static final ConfigKey<Integer> RETRY_MAX_ATTEMPTS = new ConfigKey<>("platform.retry.max.attempts", "3",
            "Tries of one step in process before it goes back to Kafka (onboarding.retry.backoff): the first try plus"
                    + " quick retries for short outages. A POST is never retried blindly: a retried step looks the"
                    + " configuration up again first.", positiveInt());

    public static final ConfigKey<Duration> RETRY_INITIAL_BACKOFF = new ConfigKey<>("platform.retry.initial.backoff",
            "250ms", "Wait before the first quick retry; it doubles for each further one (with jitter), up to"
                    + " platform.retry.max.backoff.", positiveDuration());

    public static final ConfigKey<Duration> RETRY_MAX_BACKOFF = new ConfigKey<>("platform.retry.max.backoff", "2s",
            "Longest quick-retry wait. A Retry-After longer than this is honoured through Kafka instead of in"
                    + " process.", positiveDuration());

    public static final ConfigKey<Double> RETRY_JITTER = new ConfigKey<>("platform.retry.jitter", "0.5",
            "Random spread of each quick-retry wait, as a fraction: 0.5 means 50% to 150% of the nominal wait.",
            fraction());

    public static final ConfigKey<Integer> RATE_LIMIT = new ConfigKey<>("platform.rate.limit", "50",
            "Most calls per second to one host (each Platform host, and IMS); calls beyond it wait their turn"
                    + " without holding a thread.", positiveInt());

    public static final ConfigKey<Integer> BREAKER_FAILURE_RATE = new ConfigKey<>("platform.breaker.failure.rate",
            "50", "Percentage of failed calls (no answer, 429, 5xx) among the last platform.breaker.window calls to a"
                    + " host that opens its circuit breaker.", percentage());

    public static final ConfigKey<Integer> BREAKER_WINDOW = new ConfigKey<>("platform.breaker.window", "50",
            "How many recent calls to a host the breaker judges (also the least it needs before it can open). Fewer"
                    + " judge faster but open by chance on a Platform that fails a steady share of calls: at 25%"
                    + " failures, about one window of 20 calls in a hundred reaches 50%; of 50 calls, one in ten"
                    + " thousand.",
            positiveInt());

    public static final ConfigKey<Duration> BREAKER_OPEN_FOR = new ConfigKey<>("platform.breaker.open.duration", "10s",
            "How long an open breaker refuses calls before it lets a few trial calls through (half-open). While"
                    + " any breaker is open the worker takes no new requests and moves due steps later.",
            positiveDuration());

    public static final ConfigKey<Integer> BREAKER_TRIAL_CALLS = new ConfigKey<>("platform.breaker.trial.calls", "10",
            "Trial calls a half-open breaker lets through; if enough succeed it closes, else it opens again.",
            positiveInt());

    public static final ConfigKey<URI> IMS_URL = new ConfigKey<>("ims.url",
            "https://ims-na1.adobelogin.com/ims/token/v3",
            "Adobe IMS token endpoint (OAuth server-to-server, client_credentials).", ConfigKeys::parseHttpUri);

    public static final ConfigKey<Duration> TOKEN_REFRESH_MARGIN = new ConfigKey<>("ims.token.refresh.margin",
            "5m", "A cached access token is replaced this long before it expires.", positiveDuration());

    public static final ConfigKey<List<String>> KEY_HOSTS = new ConfigKey<>("validation.key.hosts",
            "vault.azure.net,vault.azure.cn,vault.usgovcloudapi.net,managedhsm.azure.net,managedhsm.azure.cn,"
                    + "managedhsm.usgovcloudapi.net",
            "Hosts a key identifier may name, as {vault}.<suffix>: Key Vault and Managed HSM of the Azure public,"
                    + " China and US Government clouds. Anything else is REJECTED before any call.",
            ConfigKeys::hostSuffixes);

    public static final ConfigKey<List<java.nio.file.Path>> WRITER_SCHEMAS = new ConfigKey<>("schemas.writers", null,
            "More writer schemas the worker reads besides its own: .avsc files, or directories of them, comma-separated"
                    + " (for example an upstream's newer OnboardingRequest). Records written with them are resolved to"
                    + " the worker's schema by fingerprint instead of being dead-lettered.", ConfigKeys::paths);

    public static final ConfigKey<Integer> FORMATS_LEVEL = new ConfigKey<>("formats.level", "2",
            "Which formats this worker writes in the topics only workers read (delayed steps, ledger entries, the"
                    + " done offsets in commit metadata): 2, this version's; 1, exactly what workers of level 1 (before"
                    + " request offsets and run-length done offsets) read. Every level reads all of them. For a"
                    + " rolling upgrade from level 1, start the new instances with 1, and once no old instance is left,"
                    + " remove it and restart them one by one (worker/docs/operations.md#upgrades).",
            ConfigKeys::formatLevel);

    public static final ConfigKey<URI> SCHEMA_REGISTRY_URL = new ConfigKey<>("schemas.registry.url", null,
            "Unset (the default), requests and outcomes are Avro single-object encoded. Set to an Apicurio Registry"
                    + " (3.x, for example http://registry:8080), the worker writes outcomes in the Schema Registry wire"
                    + " format (a zero byte, the 4-byte schema ID, the Avro body) under the subject <topics.outcomes>-value,"
                    + " reads requests in either format, and stops at start if the registry refuses its outcome schema"
                    + " (worker/docs/schema-registry.md). submit, outcomes and dlq use the same setting. The delay and"
                    + " ledger topics stay single-object encoded.", ConfigKeys::parseHttpUri);

    public static final ConfigKey<String> SCHEMA_REGISTRY_PASSTHROUGH = new ConfigKey<>("schemas.registry.<property>",
            null, "A setting of the registry client (Apicurio's serde), passed through as apicurio.registry.<property>:"
                    + " authentication (auth.username, auth.password, or auth.service.token.endpoint, auth.client.id,"
                    + " auth.client.secret), TLS (tls.truststore.location and its password and type), proxy, retries"
                    + " (retry-count, retry-backoff-ms). Values are never logged. The settings that decide the wire"
                    + " format (auto-register, id-handler, use-id, the artifact strategy) cannot be set.", nonBlank());

    public static final ConfigKey<String> CREDENTIAL_CLIENT_ID = new ConfigKey<>("credentials.<ref>.client.id",
            null, "Client ID of the IMS OAuth server-to-server credential that requests name <ref> (lower case"
                    + " letters, digits and '-'; in the environment, '-' is written '_').", nonBlank());

    public static final ConfigKey<String> CREDENTIAL_CLIENT_SECRET = new ConfigKey<>(
            "credentials.<ref>.client.secret", null,
            "Client secret of credential <ref>. Prefer the environment variable; it is never logged.", nonBlank());

    public static final ConfigKey<String> CREDENTIAL_SCOPES = new ConfigKey<>("credentials.<ref>.scopes",
            "openid,AdobeID,read_organizations,additional_info.projectedProductContext,session",
            "OAuth scopes requested for credential <ref>, comma-separated.", nonBlank());

    public static final ConfigKey<java.util.Optional<Integer>> ADMIN_PORT = new ConfigKey<>("admin.port", "8081",
            "Port of the worker's admin HTTP endpoints: /metrics (Prometheus text format), /health/live and"
                    + " /health/ready. off serves none; 0 picks a free port (it is logged).",
            ConfigKeys::port);

    public static final ConfigKey<Duration> STUCK_AFTER = new ConfigKey<>("admin.stuck.after", "10m",
            "/health/live fails when a record has been in work for longer than this (a step is stuck), as it does"
                    + " when the poll loop has not turned for a minute; an orchestrator then restarts the instance.",
            positiveDuration());

    /** All keys, in the order the README lists them. */
    public static List<ConfigKey<?>> all() {
        return List.of(BOOTSTRAP_SERVERS, KAFKA_PASSTHROUGH, INSTANCE_ID, GROUP_ID, POLL_INTERVAL, DRAIN_TIMEOUT,
                REQUESTS_TOPIC, OUTCOMES_TOPIC, DLQ_TOPIC, LEDGER_TOPIC, LEDGER_RETENTION, DELAY_TOPIC_PREFIX,
                CREATE_TOPICS, TOPIC_PARTITIONS,
                TOPIC_REPLICATION, DELAY_TIERS, CHECK_BACKOFF, RETRY_BACKOFF, LOST_POST_BACKOFF, DEADLINE, PLATFORM_BASE_URL,
                CALL_TIMEOUT, CONNECT_TIMEOUT, MAX_CONCURRENT_CALLS, RETRY_MAX_ATTEMPTS, RETRY_INITIAL_BACKOFF,
                RETRY_MAX_BACKOFF, RETRY_JITTER, RATE_LIMIT, BREAKER_FAILURE_RATE, BREAKER_WINDOW, BREAKER_OPEN_FOR,
                BREAKER_TRIAL_CALLS, IMS_URL, TOKEN_REFRESH_MARGIN, KEY_HOSTS, WRITER_SCHEMAS, FORMATS_LEVEL,
                SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_PASSTHROUGH, ADMIN_PORT, STUCK_AFTER, CREDENTIAL_CLIENT_ID,
                CREDENTIAL_CLIENT_SECRET, CREDENTIAL_SCOPES);
    }

    private static Function<String, String> nonBlank() {
        return text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("must not be blank");
            }
            return text.trim();
        };
    }

    private static int formatLevel(String text) {
        int level = Integer.parseInt(text.trim());
        if (level != 1 && level != 2) {
            throw new IllegalArgumentException("must be 1 or 2");
        }
        return level;
    }

    private static Function<String, Integer> positiveInt() {
        return text -> {
            int n;
            try {
                n = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number");
            }
            if (n < 1) {
                throw new IllegalArgumentException("must be at least 1");
            }
            return n;
        };
    }

    private static List<java.nio.file.Path> paths(String text) {
        List<java.nio.file.Path> out = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                java.nio.file.Path path = java.nio.file.Path.of(part.trim());
                if (!java.nio.file.Files.exists(path)) {
                    throw new IllegalArgumentException("no such file or directory: " + path);
                }
                out.add(path);
            }
        }
        return List.copyOf(out);
    }

    private static List<String> hostSuffixes(String text) {
        List<String> out = new java.util.ArrayList<>();
        for (String part : text.split(",")) {
            String suffix = part.trim().toLowerCase(java.util.Locale.ROOT);
            if (suffix.isEmpty()) {
                continue;
            }
            if (!suffix.matches("[a-z0-9-]+(\\.[a-z0-9-]+)+")) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not a host suffix like vault.azure.net");
            }
            out.add(suffix);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("must name at least one host suffix");
        }
        return List.copyOf(out);
    }

    private static Function<String, Double> fraction() {
        return text -> {
            double d;
            try {
                d = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a number between 0 and 1");
            }
            if (!(d >= 0 && d <= 1)) {
                throw new IllegalArgumentException("must be between 0 and 1");
            }
            return d;
        };
    }

    private static Function<String, Integer> percentage() {
        return text -> {
            int n = positiveInt().apply(text);
            if (n > 100) {
                throw new IllegalArgumentException("must be a percentage from 1 to 100");
            }
            return n;
        };
    }

    private static Function<String, Duration> positiveDuration() {
        return text -> {
            Duration d = Durations.parse(text);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        };
    }

    private static Function<String, List<Duration>> positiveDurations() {
        return text -> {
            List<Duration> list = Durations.parseList(text);
            for (Duration d : list) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("every duration must be positive");
                }
            }
            return list;
        };
    }

    private static java.util.Optional<Integer> port(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("off")) {
            return java.util.Optional.empty();
        }
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a port number (0 for any free one) or off");
        }
        if (n < 0 || n > 65535) {
            throw new IllegalArgumentException("must be a port number from 0 to 65535, or off");
        }
        return java.util.Optional.of(n);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private static URI parseHttpUri(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http or https URL with a host");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("must not carry user info, a query or a fragment");
        }
        return uri;
    }
}
