/**
 * The request ledger: the committed view of which request IDs this instance's slots have taken and their
 * outcomes ({@link io.cmkworker.kafka.ledger.RequestLedger}), packed per slot
 * ({@link io.cmkworker.kafka.ledger.LedgerTable}), and reading a slot's view back from the compacted topic on a
 * thread of its own ({@link io.cmkworker.kafka.ledger.LedgerRestorer}).
 *
 * <p>May use {@code events} and {@code kafka.group} (slots; ending what a dead owner left open).
 */
package io.cmkworker.kafka.ledger;
