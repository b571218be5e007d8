package io.cmkworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --bootstrap-server} and {@code --command-config} over the environment, over {@code --config}, over defaults. */
class KafkaConfigOptionTest {

    private static final Map<String, String> ENV = Map.of("CMK_KAFKA_BOOTSTRAP_SERVERS", "env:9092",
            "CMK_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "CMK_KAFKA_SASL_MECHANISM", "PLAIN");

    @TempDir
    Path dir;

    @Test
    void eachLayerOverridesTheOneBelowIt() throws IOException {
        Path config = Files.writeString(dir.resolve("worker.properties"), """
                kafka.bootstrap.servers=file:9092
                kafka.security.protocol=SSL
                kafka.client.id=from-file
                topics.requests=file-requests
                """);
        Path client = Files.writeString(dir.resolve("client.properties"), """
                bootstrap.servers=command-config:9092
                security.protocol=SASL_SSL
                """);

        assertThat(load(Map.of()).bootstrapServers()).as("default").isEqualTo("localhost:9092");
        assertThat(load(Map.of(), "--config", config.toString()).bootstrapServers()).isEqualTo("file:9092");
        assertThat(load(ENV, "--config", config.toString()).bootstrapServers()).isEqualTo("env:9092");
        WorkerConfig withClientFile = load(ENV, "--config", config.toString(), "--command-config", client.toString());
        assertThat(withClientFile.bootstrapServers()).isEqualTo("command-config:9092");
        assertThat(withClientFile.kafka().common()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"), Map.entry("client.id", "from-file"));
        WorkerConfig all = load(ENV, "--config", config.toString(), "--command-config", client.toString(),
                "--bootstrap-server", "flag:9092");
        assertThat(all.bootstrapServers()).isEqualTo("flag:9092");
        assertThat(all.topics().requests()).isEqualTo("file-requests");
    }

    @Test
    void theOptionsAreRepeatedInTheCommandsThisOneSuggests() {
        KafkaConfigOption option = parse("--config", "w.properties", "--bootstrap-server", "b:9092",
                "--command-config", "c.properties");

        assertThat(option.arguments()).isEqualTo(" --config w.properties --bootstrap-server b:9092 --command-config"
                + " c.properties");
        assertThat(parse().arguments()).isEmpty();
    }

    private static WorkerConfig load(Map<String, String> env, String... args) {
        return parse(args).load(SecretsNeeded.NONE, env);
    }

    private static KafkaConfigOption parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.option;
    }

    @CommandLine.Command(name = "holder")
    static final class Holder {
        @CommandLine.Mixin
        KafkaConfigOption option;
    }
}
