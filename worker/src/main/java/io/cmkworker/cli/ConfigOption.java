package io.cmkworker.cli;

import io.cmkworker.config.ConfigException;
import io.cmkworker.config.ConfigLoader;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.SafeText;
import java.nio.file.Path;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/**
 * The worker's configuration file (and CMK_* environment variables), shared by the operator commands
 * ({@code dlq}, {@code outcomes}, {@code submit}, {@code app-registration}), and the exit codes they share:
 * 2 for a usage or configuration error, 1 when Kafka or the Platform failed.
 */
final class ConfigOption {

    /** What an operator command does once the configuration is loaded; it may throw the failures mapped below. */
    interface Action {
        int run(WorkerConfig config) throws Exception;
    }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with the worker's settings (the same file 'run' uses).")
    Path file;

    /** Loads the configuration and runs {@code action}; maps failures to exit codes 2 (usage, a missing file) and 1 (Kafka). */
    int run(Action action) {
        WorkerConfig config;
        try {
            config = WorkerConfig.from(ConfigLoader.load(file, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        try {
            return action.run(config);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + SafeText.of(e.getMessage(), 500));
            return 2;
        } catch (KafkaException e) {
            System.err.println("Kafka error: " + e.getClass().getSimpleName() + ": "
                    + SafeText.of(String.valueOf(e.getMessage()), 500));
            return 1;
        } catch (IllegalStateException e) {
            System.err.println("error: " + SafeText.of(String.valueOf(e.getMessage()), 500));
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("error: no such file: " + e.getFile());
            return 2;
        } catch (java.nio.file.AccessDeniedException e) {
            System.err.println("error: cannot read " + e.getFile() + ": permission denied");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.err.println("interrupted");
            return 1;
        } catch (Exception e) {
            System.err.println("error: " + e.getClass().getSimpleName() + ": "
                    + SafeText.of(String.valueOf(e.getMessage()), 500));
            return 1;
        }
    }
}
