package io.cmkworker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.events.LedgerState;
import io.cmkworker.kafka.KafkaClients;
import io.cmkworker.kafka.group.AbandonedTransactions;
import io.cmkworker.kafka.group.Slots;
import io.cmkworker.kafka.ledger.LedgerRestorer;
import io.cmkworker.kafka.ledger.LedgerTable;
import io.cmkworker.kafka.ledger.RequestLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading a slot's ledger back on a real broker: committed transactions count, aborted ones do not, and
 * one a dead owner left open is ended so that what was committed behind it is read too.
 */
@ExtendWith(KafkaBroker.class)
class LedgerRestoreIT {

    @Test
    void readsWhatWasCommittedSkipsWhatWasAbortedAndEndsWhatADeadOwnerLeftOpen() throws Exception {
        try (Harness h = new Harness("ledger-restore")) {
            h.createTopics();
            WorkerConfig config = h.config();
            RequestLedger ledger = new RequestLedger(config.topics().ledger(), 3, Duration.ofDays(7), Clock.systemUTC(),
                    io.cmkworker.events.Codecs.STANDARD);
            String org = orgIn(0);
            String prefix = h.names().prefix();

            try (KafkaProducer<byte[], byte[]> a = producer(config, prefix + "-a");
                 KafkaProducer<byte[], byte[]> dead = producer(config, prefix + "-dead");
                 KafkaProducer<byte[], byte[]> later = producer(config, prefix + "-later")) {
                commit(a, ledger.inFlight("r1", org, now(), null));
                a.beginTransaction();
                a.send(ledger.inFlight("r2", org, now(), null));
                a.send(ledger.inFlight("r1-done-but-aborted", org, now(), null));
                a.flush();
                a.abortTransaction();
                commit(a, ledger.inFlight("r3", org, now(), null));
                // An owner dies in the middle of a transaction: it stays open on the partition.
                dead.beginTransaction();
                dead.send(ledger.inFlight("r4", org, now(), null)).get(10, TimeUnit.SECONDS);
                // Committed behind the open one: invisible to read_committed readers until it is resolved.
                commit(later, ledger.inFlight("r5", org, now(), null));

                LedgerRestorer restorer = new LedgerRestorer(config.topics().ledger(),
                        new KafkaConsumer<>(KafkaClients.reader(config)),
                        new AbandonedTransactions(Admin.create(KafkaClients.admin(config)),
                                List.of(config.topics().ledger())),
                        io.cmkworker.events.Codecs.LEDGER, Duration.ofDays(7), Clock.systemUTC());
                LedgerTable entries;
                try {
                    entries = restorer.restore(0).get(60, TimeUnit.SECONDS);
                } finally {
                    restorer.close();
                }

                assertThat(entries.size()).isEqualTo(3);
                for (String kept : List.of("r1", "r3", "r5")) {
                    assertThat(entries.get(RequestLedger.idOf(org, kept))).as(kept).isNotNull()
                            .extracting(RequestLedger.Entry::state).isEqualTo(LedgerState.IN_FLIGHT);
                }
                for (String gone : List.of("r2", "r4", "r1-done-but-aborted")) {
                    assertThat(entries.get(RequestLedger.idOf(org, gone))).as(gone).isNull();
                }
                assertThatThrownBy(dead::commitTransaction).as("the dead owner's producer was fenced")
                        .isInstanceOf(KafkaException.class);
            }
        }
    }

    private static java.time.Instant now() {
        return java.time.Instant.now();
    }

    private static String orgIn(int slot) {
        for (int i = 0; ; i++) {
            String org = String.format("RESTORE%08X@AdobeOrg", i);
            if (Slots.of(org, 3) == slot) {
                return org;
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(WorkerConfig config, String transactionalId) {
        Properties props = KafkaClients.plainProducer(config);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        producer.initTransactions();
        return producer;
    }

    private static void commit(KafkaProducer<byte[], byte[]> producer,
                               org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record) {
        producer.beginTransaction();
        producer.send(record);
        producer.commitTransaction();
    }
}
