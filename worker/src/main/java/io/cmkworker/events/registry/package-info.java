/**
 * The Schema Registry wire format of requests and outcomes: a zero byte, the 4-byte schema ID, then the Avro
 * body, the framing of Confluent's serializers, written and read by Apicurio Registry's Kafka Avro serde
 * ({@link io.cmkworker.events.registry.RegistryFormat}), under the subjects {@code <topic>-value}. At start the
 * writer registers its schema under the compatibility rule of contracts/wire-format.md
 * ({@link io.cmkworker.events.registry.SubjectRegistrar}). Chosen from the configuration by
 * {@link io.cmkworker.events.registry.WireFormats}.
 *
 * <p>May use {@code config}, {@code events}, Avro, the Apicurio serde and its registry client, Kafka's serializer
 * interfaces (which the serde implements), and SLF4J.
 */
package io.cmkworker.events.registry;
