/**
 * The request ledger: the committed view of which request IDs this instance's slots have taken and their
 * outcomes ({@link io.cmkworker.kafka.ledger.RequestLedger}), and reading a slot's view back from the
 * compacted topic on a thread of its own ({@link io.cmkworker.kafka.ledger.LedgerRestorer}).
 */
package io.cmkworker.kafka.ledger;
