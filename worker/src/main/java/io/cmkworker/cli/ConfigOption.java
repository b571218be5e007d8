package io.cmkworker.cli;

import io.cmkworker.config.ConfigException;
import io.cmkworker.config.ConfigLoader;
import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.SafeText;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/**
 * The worker's configuration file (and CMK_* environment variables), shared by the operator commands, and the
 * exit codes they share ({@link ExitCodes}): 2 for a usage or configuration error, 1 when Kafka, IMS or the
 * Platform failed. The commands that touch Kafka take {@link KafkaConfigOption}, which adds Kafka's own
 * options to it.
 */
class ConfigOption {

    /** What an operator command does once the configuration is loaded; it may throw the failures mapped below. */
    interface Action {
        int run(WorkerConfig config) throws Exception;
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with the worker's settings: the same file serves the worker and every"
                    + " command.")
    Path file;

    /**
     * The configuration: the file, overridden by CMK_* environment variables, overridden by the command
     * line; with the client secrets of the credentials {@code needed} names only.
     */
    WorkerConfig load(SecretsNeeded needed) {
        return load(needed, System.getenv());
    }

    WorkerConfig load(SecretsNeeded needed, Map<String, String> env) {
        return WorkerConfig.from(ConfigLoader.load(file, env, commandLine()), needed);
    }

    /** The configuration keys the command line sets; none here, Kafka's options in {@link KafkaConfigOption}. */
    Map<String, String> commandLine() {
        return Map.of();
    }

    /** The options as given, to repeat them in a command this one suggests: {@code " --config FILE"}. */
    String arguments() {
        return file == null ? "" : " --config " + file;
    }

    /**
     * Says what Kafka's client refused and returns the exit code: 2 when the client's own settings are wrong
     * (its {@code ConfigException}, for example a {@code default.api.timeout.ms} below {@code request.timeout.ms}),
     * 1 otherwise.
     */
    static int kafkaFailure(KafkaException e, WorkerConfig config) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.apache.kafka.common.config.ConfigException refused) {
                System.err.println("configuration error: the Kafka client refused its settings: "
                        + SafeText.of(String.valueOf(refused.getMessage()), 500));
                return ExitCodes.USAGE;
            }
        }
        System.err.println("Kafka error" + (config == null ? "" : " at " + config.bootstrapServers()) + ": "
                + e.getClass().getSimpleName() + ": " + SafeText.of(String.valueOf(e.getMessage()), 500));
        return ExitCodes.FAILED;
    }

    /** Loads the configuration with every credential's secret and runs {@code action}. */
    int run(Action action) {
        return run(SecretsNeeded.ALL, action);
    }

    /**
     * Loads the configuration with the secrets {@code needed} and runs {@code action}; maps failures to exit
     * codes 2 (usage, configuration, a missing file) and 1 (Kafka, or anything else that failed).
     */
    int run(SecretsNeeded needed, Action action) {
        WorkerConfig config = null;
        try {
            config = load(needed);
            return action.run(config);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + SafeText.of(e.getMessage(), 500));
            return ExitCodes.USAGE;
        } catch (KafkaException e) {
            return kafkaFailure(e, config);
        } catch (IllegalStateException e) {
            System.err.println("error: " + SafeText.of(String.valueOf(e.getMessage()), 500));
            return ExitCodes.FAILED;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("error: no such file: " + e.getFile());
            return ExitCodes.USAGE;
        } catch (java.nio.file.AccessDeniedException e) {
            System.err.println("error: cannot read " + e.getFile() + ": permission denied");
            return ExitCodes.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("interrupted");
            return ExitCodes.FAILED;
        } catch (Exception e) {
            System.err.println("error: " + e.getClass().getSimpleName() + ": "
                    + SafeText.of(String.valueOf(e.getMessage()), 500));
            return ExitCodes.FAILED;
        }
    }
}
