/**
 * Where retries are decided: which failures are worth trying again ({@link FailureClassifier}),
 * quick in-process retries with exponential backoff, jitter and Retry-After
 * ({@link InProcessRetry}, Resilience4j Retry as data). Longer outages go back through the Kafka delay
 * topics; that decision is the domain's ({@link io.cmkworker.domain.OnboardingPolicy}). May use the
 * platform adapter's exception types and Resilience4j.
 */
package io.cmkworker.resilience;
