package io.cmkworker.bench;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;

/** Scenario 1: what this broker and this sandbox can do at most, each on its own, on this machine. */
final class CeilingBench {

    /** The two ceilings, per second. */
    record Ceilings(double transactionalRecords, double httpCalls) {

        /** The lower of the two: what status checks (one record in and out, one GET each) cannot exceed. */
        double lower() {
            return Math.min(transactionalRecords, httpCalls);
        }

        String lowerName() {
            return transactionalRecords <= httpCalls ? "transactional consume-produce" : "async HTTP";
        }
    }

    private CeilingBench() {
    }

    static Ceilings run(BenchStack stack, BenchOptions options, ScenarioResult.Builder result) throws Exception {
        result.parameter("txRecords", options.txRecords())
                .parameter("txValueBytes", TransactionCeiling.VALUE_BYTES)
                .parameter("httpConcurrency", BenchStack.CONCURRENCY)
                .parameter("httpWindowSeconds", options.httpWindow().toSeconds());
        try (SandboxServer sandbox = stack.sandbox(Duration.ofDays(1), Duration.ofDays(1))) {
            WorkerConfig config = WorkerConfig.from(stack.settings("ceiling", sandbox));
            double tx = TransactionCeiling.measure(config, options.txRecords(), options.timeout());
            result.figure(Figure.of("tx-records-per-second", "transactional consume->produce, 1 commit per poll", tx,
                    "records/s"));
            double http = HttpCeiling.measure(sandbox, BenchStack.CONCURRENCY, options.httpWindow());
            result.figure(Figure.of("http-calls-per-second", "async HTTP GETs to the sandbox, 64 in flight", http,
                    "calls/s"));
            result.note("transactional: " + config.topicPartitions() + " partitions, the worker's client settings"
                    + " (max.poll.records=200, linger.ms=5, read_committed); HTTP: status GETs of one configuration,"
                    + " JDK HttpClient on the worker's 4 HTTP threads in this JVM, the sandbox in this JVM too");
            if (ForkJoinPool.getCommonPoolParallelism() < 2) {
                result.note("the JDK HttpClient completes each response through CompletableFuture's default executor,"
                        + " which with a common-pool parallelism below 2 (fewer than 3 cores) starts a new thread per"
                        + " response; the worker's calls pay the same (-Djava.util.concurrent.ForkJoinPool.common"
                        + ".parallelism=4 avoids it)");
            }
            return new Ceilings(tx, http);
        }
    }
}
