package io.cmkworker.cli;

import io.cmkworker.config.ConfigKeys;
import io.cmkworker.config.ConfigLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --config} plus the options Kafka's own tools take ({@code kafka-topics}, {@code kafka-consumer-groups}):
 * {@code --bootstrap-server} and {@code --command-config}, for every command that reads or writes Kafka. They
 * override the file and the environment; {@code --bootstrap-server} also overrides a {@code bootstrap.servers}
 * in the {@code --command-config} file, as in Kafka's tools.
 */
final class KafkaConfigOption extends ConfigOption {

    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT",
            description = "Kafka's bootstrap servers (comma-separated). Overrides kafka.bootstrap.servers of --config,"
                    + " CMK_KAFKA_BOOTSTRAP_SERVERS and --command-config.")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties (security.protocol, sasl.*, ssl.*, default.api.timeout.ms), as"
                    + " Kafka's own tools take them. Each overrides the same kafka.<property> of --config and CMK_KAFKA_*.")
    Path commandConfig;

    @Override
    Map<String, String> commandLine() {
        Map<String, String> values = new LinkedHashMap<>();
        if (commandConfig != null) {
            values.putAll(ConfigLoader.kafkaClientProperties(commandConfig));
        }
        if (bootstrapServer != null) {
            values.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), bootstrapServer);
        }
        return values;
    }

    @Override
    String arguments() {
        return super.arguments() + (bootstrapServer == null ? "" : " --bootstrap-server " + bootstrapServer)
                + (commandConfig == null ? "" : " --command-config " + commandConfig);
    }
}
