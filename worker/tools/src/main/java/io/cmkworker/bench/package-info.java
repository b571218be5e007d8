/**
 * The {@code bench} command: measures the worker on this machine, in one run, against the ceilings of
 * the same broker and the same Platform simulator, and writes what it found as a table and as JSON.
 *
 * <p>Scenarios ({@link io.cmkworker.bench.Scenario}) each get their own sandbox, topics and consumer group
 * on one embedded broker ({@link io.cmkworker.bench.BenchStack}). The worker runs in this JVM through
 * {@link io.cmkworker.app.Worker} where its meters are read, or as a process of its own
 * ({@link io.cmkworker.bench.ChildWorker}) where its heap or its start-up are measured. Numbers come from
 * the sandbox's record of every call it received ({@link io.cmkworker.bench.CallLog}), from the outcomes
 * topic read as a downstream system reads it, and from the worker's own meters, sampled exactly
 * ({@link io.cmkworker.bench.SampledRegistry}).
 *
 * <p>May use: {@code app}, {@code config}, {@code demo} (synthetic organisations), {@code embedded},
 * {@code events}, {@code kafka} (publishing requests, reading outcomes, topic setup and the worker's client
 * settings), {@code platform} (the API key header), {@code sandbox}. The transactional ceiling uses Kafka
 * clients directly on purpose: it measures the broker without the worker. Nothing outside this package
 * and the command line uses it.
 */
package io.cmkworker.bench;
