package io.cmkworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsComeFromTheKeyDeclarations() {
        WorkerConfig config = WorkerConfig.of();

        assertThat(config.bootstrapServers()).isEqualTo(ConfigKeys.BOOTSTRAP_SERVERS.defaultValue());
        assertThat(config.groupId()).isEqualTo(ConfigKeys.GROUP_ID.defaultValue());
        assertThat(config.pollInterval()).isEqualTo(defaultOf(ConfigKeys.POLL_INTERVAL));
        assertThat(config.drainTimeout()).isEqualTo(defaultOf(ConfigKeys.DRAIN_TIMEOUT));
        assertThat(config.topics()).isEqualTo(new TopicNames(ConfigKeys.REQUESTS_TOPIC.defaultValue(),
                ConfigKeys.OUTCOMES_TOPIC.defaultValue(), ConfigKeys.DLQ_TOPIC.defaultValue(),
                ConfigKeys.LEDGER_TOPIC.defaultValue(), ConfigKeys.DELAY_TOPIC_PREFIX.defaultValue()));
        assertThat(config.createTopics()).isEqualTo(defaultOf(ConfigKeys.CREATE_TOPICS));
        assertThat(config.topicPartitions()).isEqualTo(defaultOf(ConfigKeys.TOPIC_PARTITIONS));
        assertThat(config.topicReplication()).isEqualTo(defaultOf(ConfigKeys.TOPIC_REPLICATION));
        assertThat(config.delayTiers()).isEqualTo(defaultOf(ConfigKeys.DELAY_TIERS));
        assertThat(config.checkBackoff()).isEqualTo(defaultOf(ConfigKeys.CHECK_BACKOFF));
        assertThat(config.retryBackoff()).isEqualTo(defaultOf(ConfigKeys.RETRY_BACKOFF));
        assertThat(config.deadline()).isEqualTo(defaultOf(ConfigKeys.DEADLINE));
        assertThat(config.platformBaseUrl()).isEmpty();
        assertThat(config.callTimeout()).isEqualTo(defaultOf(ConfigKeys.CALL_TIMEOUT));
        assertThat(config.connectTimeout()).isEqualTo(defaultOf(ConfigKeys.CONNECT_TIMEOUT));
        assertThat(config.maxConcurrentCalls()).isEqualTo(defaultOf(ConfigKeys.MAX_CONCURRENT_CALLS));
        assertThat(config.imsUrl()).isEqualTo(defaultOf(ConfigKeys.IMS_URL));
        assertThat(config.tokenRefreshMargin()).isEqualTo(defaultOf(ConfigKeys.TOKEN_REFRESH_MARGIN));
        assertThat(config.credentials()).isEmpty();
        assertThat(config.kafka().common()).isEmpty();
        assertThat(config.kafka().consumer()).isEmpty();
        assertThat(config.kafka().producer()).isEmpty();
    }

    @Test
    void defaultsHaveTheDocumentedValues() {
        WorkerConfig config = WorkerConfig.of();

        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.groupId()).isEqualTo("cmk-worker");
        assertThat(config.delayTiers()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(config.checkBackoff()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofSeconds(60));
        assertThat(config.deadline()).isEqualTo(Duration.ofHours(24));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxConcurrentCalls()).isEqualTo(64);
        assertThat(config.topicReplication()).isEqualTo((short) -1);
    }

    @Test
    void instanceIdDefaultsToTheHostNameNotThePlaceholderText() {
        WorkerConfig config = WorkerConfig.of();

        assertThat(config.instanceId()).isNotBlank().isNotEqualTo(ConfigKeys.INSTANCE_ID.defaultValue());
    }

    @Test
    void everyDeclaredDefaultParses() {
        for (ConfigKey<?> key : ConfigKeys.all()) {
            if (key.defaultValue() == null) {
                continue;
            }
            assertThat(key.defaultValue()).as(key.name()).isNotBlank();
            try {
                key.parse(key.defaultValue());
            } catch (ConfigException e) {
                throw new AssertionError("default of " + key.name() + " does not parse: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void everyKeyHasADocAndAnEnvironmentName() {
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(key.doc()).as(key.name()).isNotBlank();
            assertThat(key.envName()).as(key.name()).startsWith("CMK_").matches("[A-Z0-9_]+");
        }
        assertThat(ConfigKeys.CALL_TIMEOUT.envName()).isEqualTo("CMK_PLATFORM_CALL_TIMEOUT");
        assertThat(ConfigKeys.CREDENTIAL_CLIENT_SECRET.envName()).isEqualTo("CMK_CREDENTIALS_REF_CLIENT_SECRET");
    }

    @Test
    void keyNamesAreUnique() {
        assertThat(ConfigKeys.all()).extracting(ConfigKey::name).doesNotHaveDuplicates();
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = write("platform.call.timeout=20s\nworker.group.id=from-file\n");

        WorkerConfig config = WorkerConfig.from(ConfigLoader.load(file, Map.of("CMK_PLATFORM_CALL_TIMEOUT", "3s")));

        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.groupId()).isEqualTo("from-file");
    }

    @Test
    void fileValuesApplyWithoutEnvironment() throws IOException {
        Path file = write("""
                kafka.bootstrap.servers=broker-1:9093,broker-2:9093
                worker.instance.id=worker-7
                delay.tiers=2s,10s,1m
                onboarding.deadline=2h
                platform.base.url=http://localhost:8080
                """);

        WorkerConfig config = WorkerConfig.from(ConfigLoader.load(file, Map.of()));

        assertThat(config.bootstrapServers()).isEqualTo("broker-1:9093,broker-2:9093");
        assertThat(config.instanceId()).isEqualTo("worker-7");
        assertThat(config.delayTiers()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMinutes(1));
        assertThat(config.deadline()).isEqualTo(Duration.ofHours(2));
        assertThat(config.platformBaseUrl()).contains(URI.create("http://localhost:8080"));
    }

    @Test
    void loadsFromEnvironmentAloneWhenThereIsNoFile() {
        Map<String, String> values = ConfigLoader.load(null, Map.of("CMK_WORKER_GROUP_ID", "g2"));

        assertThat(values).containsExactly(Map.entry("worker.group.id", "g2"));
    }

    @Test
    void unreadableFileIsAConfigErrorNamingTheFile() {
        Path missing = dir.resolve("missing.properties");

        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void kafkaEnvironmentVariablesPassThroughAsKafkaProperties() {
        Map<String, String> values = ConfigLoader.fromEnvironment(Map.of(
                "CMK_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "CMK_KAFKA_CONSUMER_MAX_POLL_RECORDS", "50",
                "CMK_KAFKA_PRODUCER_LINGER_MS", "20",
                "CMK_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"));

        assertThat(values).containsOnly(
                Map.entry("kafka.security.protocol", "SASL_SSL"),
                Map.entry("kafka.consumer.max.poll.records", "50"),
                Map.entry("kafka.producer.linger.ms", "20"),
                Map.entry("kafka.bootstrap.servers", "kafka:9092"));

        WorkerConfig config = WorkerConfig.from(values);

        assertThat(config.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.kafka().common()).containsExactly(Map.entry("security.protocol", "SASL_SSL"));
        assertThat(config.kafka().consumer()).containsExactly(Map.entry("max.poll.records", "50"));
        assertThat(config.kafka().producer()).containsExactly(Map.entry("linger.ms", "20"));
    }

    @Test
    void environmentVariablesOutsideTheWorkerAreIgnored() {
        Map<String, String> values = ConfigLoader.fromEnvironment(Map.of(
                "PATH", "/usr/bin", "HOME", "/root", "CMK_NOT_A_KEY", "x", "KAFKA_HEAP_OPTS", "-Xmx1g"));

        assertThat(values).isEmpty();
    }

    @Test
    void credentialSecretFromTheEnvironmentJoinsTheClientIdFromTheFile() throws IOException {
        Path file = write("credentials.acme-prod.client.id=client-123\n");

        WorkerConfig config = WorkerConfig.from(ConfigLoader.load(file,
                Map.of("CMK_CREDENTIALS_ACME_PROD_CLIENT_SECRET", "s3cr3t-value")));

        assertThat(config.credentials()).containsOnlyKeys("acme-prod");
        Credential credential = config.credentials().get("acme-prod");
        assertThat(credential.ref()).isEqualTo("acme-prod");
        assertThat(credential.clientId()).isEqualTo("client-123");
        assertThat(credential.clientSecret().reveal()).isEqualTo("s3cr3t-value");
        assertThat(credential.scopes()).containsExactly(
                ConfigKeys.CREDENTIAL_SCOPES.defaultValue().split(","));
    }

    @Test
    void credentialEnvironmentNamesMapToCredentialKeys() {
        Map<String, String> values = ConfigLoader.fromEnvironment(Map.of(
                "CMK_CREDENTIALS_ACME_PROD_CLIENT_ID", "id",
                "CMK_CREDENTIALS_ACME_PROD_CLIENT_SECRET", "secret",
                "CMK_CREDENTIALS_ACME_PROD_SCOPES", "openid, AdobeID"));

        assertThat(values).containsOnly(
                Map.entry("credentials.acme-prod.client.id", "id"),
                Map.entry("credentials.acme-prod.client.secret", "secret"),
                Map.entry("credentials.acme-prod.scopes", "openid, AdobeID"));
        assertThat(WorkerConfig.from(values).credentials().get("acme-prod").scopes())
                .containsExactly("openid", "AdobeID");
    }

    @Test
    void unknownFileKeyIsAnErrorNamingTheKey() throws IOException {
        Path file = write("platfrom.call.timeout=5s\n");
        Map<String, String> values = ConfigLoader.load(file, Map.of());

        assertThatThrownBy(() -> WorkerConfig.from(values))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'platfrom.call.timeout'");
    }

    @Test
    void invalidValueIsAnErrorNamingKeyValueAndRule() {
        assertThatThrownBy(() -> WorkerConfig.of("platform.call.timeout", "soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("platform.call.timeout=soon is invalid")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> WorkerConfig.of("platform.max.concurrent.calls", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("platform.max.concurrent.calls=0")
                .hasMessageContaining("must be at least 1");
        assertThatThrownBy(() -> WorkerConfig.of("topics.create", "maybe"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("topics.create=maybe")
                .hasMessageContaining("must be true or false");
        assertThatThrownBy(() -> WorkerConfig.of("ims.url", "ftp://ims.example"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ims.url=ftp://ims.example");
        assertThatThrownBy(() -> WorkerConfig.of("onboarding.check.backoff", "5s,0s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("onboarding.check.backoff=5s,0s")
                .hasMessageContaining("positive");
    }

    @Test
    void blankPlatformBaseUrlMeansNoOverride() {
        assertThat(WorkerConfig.of("platform.base.url", " ").platformBaseUrl()).isEmpty();
    }

    @Test
    void platformBaseUrlWithAQueryIsRejected() {
        assertThatThrownBy(() -> WorkerConfig.of("platform.base.url", "http://localhost:8080/?x=1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("platform.base.url");
    }

    @Test
    void delayTiersThatAreNotMultiplesOfTheSmallestAreRejected() {
        assertThatThrownBy(() -> WorkerConfig.of("delay.tiers", "2s,5s,10s"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("delay.tiers: every tier must be a multiple of the smallest (2s), but 5s is not");
    }

    @Test
    void delayTiersInAnyOrderAreCheckedAgainstTheSmallest() {
        assertThatThrownBy(() -> WorkerConfig.of("delay.tiers", "45s,15s,20s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("smallest (15s)")
                .hasMessageContaining("20s is not");
    }

    @Test
    void repeatedDelayTierIsRejected() {
        assertThatThrownBy(() -> WorkerConfig.of("delay.tiers", "1s,5s,5s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not repeat a tier");
    }

    @Test
    void credentialWithoutSecretIsRejectedNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> WorkerConfig.of("credentials.acme-prod.client.id", "client-123"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.acme-prod.client.secret is required")
                .hasMessageContaining("CMK_CREDENTIALS_ACME_PROD_CLIENT_SECRET");
    }

    @Test
    void aConfigurationWithoutSecretsStillNamesEveryCredentialForACommandThatNeedsNone() {
        Map<String, String> values = Map.of("credentials.acme-prod.client.id", "client-123",
                "credentials.beta.client.id", "client-456", "credentials.beta.client.secret", "beta-secret");

        WorkerConfig config = WorkerConfig.from(values, SecretsNeeded.NONE);

        assertThat(config.credentialRefs()).containsExactly("acme-prod", "beta");
        assertThat(config.credentials()).as("no credential to call IMS with").isEmpty();
    }

    @Test
    void aCommandThatCallsWithOneCredentialNeedsOnlyItsSecret() {
        Map<String, String> values = Map.of("credentials.acme-prod.client.id", "client-123",
                "credentials.beta.client.id", "client-456", "credentials.beta.client.secret", "beta-secret");

        WorkerConfig config = WorkerConfig.from(values, SecretsNeeded.only(List.of("beta")));

        assertThat(config.credentials()).containsOnlyKeys("beta");
        assertThat(config.credentials().get("beta").clientSecret().reveal()).isEqualTo("beta-secret");
        assertThat(config.credentialRefs()).containsExactly("acme-prod", "beta");
        assertThatThrownBy(() -> WorkerConfig.from(values, SecretsNeeded.only(List.of("acme-prod"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.acme-prod.client.secret is required")
                .hasMessageContaining("CMK_CREDENTIALS_ACME_PROD_CLIENT_SECRET");
    }

    @Test
    void withoutSecretsACredentialStillNeedsItsClientId() {
        assertThatThrownBy(() -> WorkerConfig.from(Map.of("credentials.acme.client.secret", "s"), SecretsNeeded.NONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.acme.client.id is required");
    }

    @Test
    void theCommandLineOverridesTheEnvironmentWhichOverridesTheFileWhichOverridesTheDefaults() throws IOException {
        Path file = write("""
                kafka.bootstrap.servers=from-file:9092
                worker.group.id=from-file
                topics.requests=requests-from-file
                kafka.security.protocol=SSL
                """);
        Map<String, String> env = Map.of("CMK_KAFKA_BOOTSTRAP_SERVERS", "from-env:9092",
                "CMK_WORKER_GROUP_ID", "from-env");
        Map<String, String> commandLine = Map.of("kafka.bootstrap.servers", "from-command-line:9092");

        WorkerConfig config = WorkerConfig.from(ConfigLoader.load(file, env, commandLine));

        assertThat(config.bootstrapServers()).isEqualTo("from-command-line:9092");
        assertThat(config.groupId()).isEqualTo("from-env");
        assertThat(config.topics().requests()).isEqualTo("requests-from-file");
        assertThat(config.topics().outcomes()).isEqualTo(ConfigKeys.OUTCOMES_TOPIC.defaultValue());
        assertThat(config.kafka().common()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void kafkaClientPropertiesBecomeKafkaKeys() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                bootstrap.servers=broker:9094
                security.protocol=SASL_SSL
                sasl.mechanism=PLAIN
                """, StandardCharsets.UTF_8);

        assertThat(ConfigLoader.kafkaClientProperties(file)).containsOnly(
                Map.entry("kafka.bootstrap.servers", "broker:9094"),
                Map.entry("kafka.security.protocol", "SASL_SSL"),
                Map.entry("kafka.sasl.mechanism", "PLAIN"));
        assertThatThrownBy(() -> ConfigLoader.kafkaClientProperties(dir.resolve("missing.properties")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties");
    }

    @Test
    void credentialWithBlankSecretIsRejected() {
        assertThatThrownBy(() -> WorkerConfig.of("credentials.acme.client.id", "c",
                "credentials.acme.client.secret", "  "))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.acme.client.secret is required");
    }

    @Test
    void credentialWithoutClientIdIsRejected() {
        assertThatThrownBy(() -> WorkerConfig.of("credentials.acme.client.secret", "s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.acme.client.id is required")
                .hasMessageNotContaining("s3");
    }

    @Test
    void credentialNameMustBeLowerCaseLettersDigitsAndDashes() {
        assertThatThrownBy(() -> WorkerConfig.of("credentials.Acme_Prod.client.id", "c",
                "credentials.Acme_Prod.client.secret", "s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials.Acme_Prod")
                .hasMessageContaining("lower-case letters");
    }

    @Test
    void secretNeverShowsInToString() {
        Secret secret = new Secret("hunter2-very-secret");

        assertThat(secret.toString()).isEqualTo("****");
        assertThat(secret.reveal()).isEqualTo("hunter2-very-secret");
        assertThat(secret).isEqualTo(new Secret("hunter2-very-secret")).isNotEqualTo(new Secret("other"));
    }

    @Test
    void credentialNeverShowsItsSecretInToString() {
        WorkerConfig config = WorkerConfig.of("credentials.acme.client.id", "client-123",
                "credentials.acme.client.secret", "hunter2-very-secret");

        Credential credential = config.credentials().get("acme");

        assertThat(credential.toString()).contains("acme").contains("client-123")
                .doesNotContain("hunter2-very-secret");
        assertThat(config.toString()).doesNotContain("hunter2-very-secret");
    }

    @Test
    void credentialScopesAreImmutable() {
        Credential credential = new Credential("a", "id", new Secret("s"), new java.util.ArrayList<>(List.of("x")));

        assertThatThrownBy(() -> credential.scopes().add("y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keyValuePairsMustComeInPairs() {
        assertThatThrownBy(() -> WorkerConfig.of("worker.group.id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pairs");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("worker.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static <T> T defaultOf(ConfigKey<T> key) {
        return key.parse(key.defaultValue());
    }
}
