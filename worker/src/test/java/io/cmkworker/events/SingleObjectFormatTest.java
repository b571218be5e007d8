package io.cmkworker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Single-object encoding as a {@link WireFormat}: what the worker reads and writes without a registry. */
class SingleObjectFormatTest {

    private final WireFormat format = WireFormat.singleObject(Codecs.STANDARD);

    @Test
    void saysWhatAValueInTheRegistryFramingIsAndWhatReadsIt() {
        assertThatThrownBy(() -> format.readRequest(new byte[] {0, 0, 0, 0, 7, 2, 0}))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageStartingWith("not Avro single-object encoding")
                .hasMessageEndingWith("; it looks like the Schema Registry wire format (a zero byte, then a 4-byte"
                        + " schema ID), which is read with schemas.registry.url set");
        assertThatThrownBy(() -> format.readRequest(new byte[] {1, 2, 3, 4, 5, 6}))
                .isInstanceOf(UndecodableRecordException.class).message().doesNotContain("Schema Registry");
    }

    @Test
    void peeksAtRequestsItCanRead() {
        assertThat(format.peekRequest(new byte[] {0, 0, 0, 0, 7, 2})).isEmpty();
        assertThat(format.describe()).isEqualTo("Avro single-object encoding");
    }
}
