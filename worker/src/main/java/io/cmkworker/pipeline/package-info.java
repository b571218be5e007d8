/**
 * The onboarding steps: validate a request, look the configuration up, create it if absent, check
 * its status, and say what to publish or schedule next. Works on the event types and the
 * {@link io.cmkworker.platform.PlatformClient}; decisions come from {@link io.cmkworker.domain}.
 * Never touches a Kafka client: it returns {@link io.cmkworker.pipeline.Output}s and the Kafka
 * adapter publishes them in a transaction. {@link io.cmkworker.pipeline.Hints} writes the {@code hint} of an
 * outcome that did not complete, with the Azure commands of {@link io.cmkworker.pipeline.AzureKeySetup}.
 *
 * <p>May use {@code config}, {@code domain}, {@code events}, {@code platform} and {@code resilience}.
 */
package io.cmkworker.pipeline;
