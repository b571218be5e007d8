package io.cmkworker.cli;

import io.cmkworker.app.Worker;
import io.cmkworker.config.ConfigException;
import io.cmkworker.config.ConfigLoader;
import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.registry.IncompatibleSchemaException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Runs the worker until stopped.",
        description = {"Runs the worker against the configured Kafka cluster and Platform until stopped (SIGTERM"
                + " or Ctrl-C drains calls in flight and commits before exiting). It creates missing topics"
                + " (topics.create) and calls IMS with every credential configured, so each needs its client secret.",
                "Every setting can come from the file or from a CMK_* environment variable; --bootstrap-server and"
                        + " --command-config override both (see worker/docs/commands.md)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:Stopped on SIGTERM or Ctrl-C: calls on the wire finished (or were dropped after"
                + " worker.drain.timeout) and the work done was committed.",
                "1:Kafka failed: it did not answer at start within default.api.timeout.ms (30 s unless set), topics"
                        + " are missing with topics.create=false, or the worker stopped on a fatal error (not"
                        + " authorised; fenced by another instance with the same worker.instance.id); or the schema"
                        + " registry (schemas.registry.url) did not answer.",
                ExitCodes.USAGE_LINE + " Also: the schema registry refuses the outcome schema (nothing is published)."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    KafkaConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        WorkerConfig workerConfig;
        try {
            workerConfig = config.load(SecretsNeeded.ALL);
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (String name : ConfigLoader.unrecognised(System.getenv())) {
            System.err.println("warning: the environment variable " + name + " names no configuration key; it is"
                    + " ignored (see the README's configuration table)");
        }
        Worker worker;
        try {
            worker = Worker.start(workerConfig);
        } catch (IncompatibleSchemaException e) {
            // A schema change the contract does not allow is a deployment error, like a bad setting: it will not
            // go away by restarting.
            System.err.println("cannot start the worker: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("cannot start the worker: configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IllegalStateException e) {
            System.err.println("cannot start the worker: " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (org.apache.kafka.common.KafkaException e) {
            System.err.print("cannot start the worker: ");
            return ConfigOption.kafkaFailure(e, workerConfig);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            // After SIGTERM the JVM would exit 143; work handed over cleanly is a clean exit.
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
            Runtime.getRuntime().halt(worker.failure().isPresent() ? ExitCodes.FAILED : ExitCodes.OK);
        }, "cmk-worker-shutdown"));
        worker.awaitTermination();
        if (worker.failure().isPresent()) {
            System.err.println("the worker stopped: " + worker.failure().get());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
