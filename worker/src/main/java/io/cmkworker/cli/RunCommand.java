package io.cmkworker.cli;

import io.cmkworker.app.Worker;
import io.cmkworker.config.ConfigException;
import io.cmkworker.config.ConfigLoader;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.registry.IncompatibleSchemaException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the worker against the configured Kafka cluster and Platform until stopped (SIGTERM"
                + " or Ctrl-C drains calls in flight and commits before exiting).",
                "Every setting can come from the file or from a CMK_* environment variable; see the README.",
                "Exit codes: 0 stopped cleanly; 1 Kafka, the Platform or the schema registry failed; 2 a configuration"
                        + " error, or the schema registry refuses the outcome schema (nothing is published)."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the worker's settings.")
    Path config;

    @Override
    public Integer call() throws Exception {
        WorkerConfig workerConfig;
        try {
            workerConfig = WorkerConfig.from(ConfigLoader.load(config, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
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
            return 2;
        } catch (IllegalStateException | IllegalArgumentException | ConfigException e) {
            System.err.println("cannot start the worker: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            // After SIGTERM the JVM would exit 143; work handed over cleanly is a clean exit.
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory()).stop();
            Runtime.getRuntime().halt(worker.failure().isPresent() ? 1 : 0);
        }, "cmk-worker-shutdown"));
        worker.awaitTermination();
        if (worker.failure().isPresent()) {
            System.err.println("the worker stopped: " + worker.failure().get());
            return 1;
        }
        return 0;
    }
}
