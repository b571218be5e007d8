/**
 * Bulk submission from a file, for the {@code submit} command: reading a CSV or JSON Lines file of
 * organisations ({@link io.cmkworker.submit.SubmitFile}), checking every line with the worker's own rules
 * and deriving each request ID from the line's content ({@link io.cmkworker.submit.SubmitValidator},
 * {@link io.cmkworker.submit.RequestIds}), deciding what a retry resubmits and under which configuration
 * name ({@link io.cmkworker.submit.RetryPlan}), following the outcomes with progress
 * ({@link io.cmkworker.submit.BulkSubmitter}, {@link io.cmkworker.submit.Progress}) and writing the results
 * file ({@link io.cmkworker.submit.ResultsFile}). Kafka is reached only through
 * {@link io.cmkworker.kafka.topics.RequestPublisher}, {@link io.cmkworker.kafka.topics.OutcomeReader} and
 * {@link io.cmkworker.kafka.topics.TopicSetup}; everything else here is plain Java, tested without a broker.
 * May use {@code config}, {@code domain}, {@code events}, {@code kafka.topics}, {@code listing} (CSV lines),
 * {@code pipeline} (the worker's own validation rules) and Jackson.
 */
package io.cmkworker.submit;
