package io.cmkworker.kafka.loop;

import io.cmkworker.kafka.group.SlotOwnership;
import io.cmkworker.kafka.ledger.LedgerRestorer;
import io.cmkworker.kafka.ledger.LedgerTable;
import io.cmkworker.kafka.ledger.RequestLedger;
import io.cmkworker.platform.Futures;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Newly held slots whose ledger is being read back, off the poll thread: once a slot's view is in, it is
 * installed and the slot becomes ready (its partitions resume). A read that fails is started again; a slot
 * that left meanwhile is forgotten.
 */
final class SlotLoading {

    private static final Logger log = LoggerFactory.getLogger(SlotLoading.class);

    private final LedgerRestorer restorer;
    private final RequestLedger ledger;
    private final SlotTable slots;
    private final Map<SlotOwnership, CompletableFuture<LedgerTable>> loading = new HashMap<>();

    SlotLoading(LedgerRestorer restorer, RequestLedger ledger, SlotTable slots) {
        this.restorer = restorer;
        this.ledger = ledger;
        this.slots = slots;
    }

    /** Starts reading a newly held slot's ledger back; its partitions stay paused until it is installed. */
    void load(SlotOwnership owner) {
        loading.put(owner, restorer.restore(owner.slot()));
    }

    /** Installs the slots read back since the last call (poll thread). */
    void installReadSlots() {
        for (var it = loading.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            SlotOwnership owner = entry.getKey();
            CompletableFuture<LedgerTable> restore = entry.getValue();
            if (!slots.isCurrent(owner)) {
                it.remove();
            } else if (restore.isDone()) {
                it.remove();
                if (restore.isCompletedExceptionally()) {
                    log.warn("reading the ledger of slot {} back failed; trying again: {}", owner.slot(),
                            restore.handle((v, e) -> Futures.unwrap(e).toString()).join());
                    load(owner);
                } else {
                    ledger.install(owner.slot(), restore.join());
                    slots.ready(owner);
                }
            }
        }
    }
}
