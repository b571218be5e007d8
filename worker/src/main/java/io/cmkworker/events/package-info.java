/**
 * The wire format of the worker's events: Avro single-object encoding (a two-byte marker, the
 * schema's CRC-64-AVRO fingerprint, then Avro binary) for the classes generated from
 * {@code schemas/*.avsc}, and {@link io.cmkworker.events.WireFormat}, how requests and outcomes go on the wire
 * (single-object encoding here; the Schema Registry wire format in {@code events.registry}). Decode failures
 * surface here, at the boundary, as {@link io.cmkworker.events.UndecodableRecordException}. May use Avro and the
 * JDK only.
 */
package io.cmkworker.events;
