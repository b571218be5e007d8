/**
 * Outcomes as an operator reads them: which to show ({@link io.cmkworker.outcomes.OutcomeFilter}) and how
 * ({@link io.cmkworker.outcomes.OutcomeFormat}: their columns in a table for people, CSV or JSON Lines for
 * tools). Works on the outcome event only; reading the topic is
 * {@link io.cmkworker.kafka.topics.OutcomeReader}'s job. May use {@code config}, {@code domain}, {@code events}
 * and {@code listing}.
 */
package io.cmkworker.outcomes;
