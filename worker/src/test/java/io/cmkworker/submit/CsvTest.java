package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaksAndKeepsTheStartLine() {
        List<Csv.Record> records = Csv.parse("\uFEFFa,b,c\r\n1,\"x, \"\"y\"\"\",3\n\"multi\nline\",,z\nlast,row,end");

        assertThat(records).containsExactly(
                new Csv.Record(1, List.of("a", "b", "c")),
                new Csv.Record(2, List.of("1", "x, \"y\"", "3")),
                new Csv.Record(3, List.of("multi\nline", "", "z")),
                new Csv.Record(5, List.of("last", "row", "end")));
    }

    @Test
    void blankLinesAreBlankRecords() {
        List<Csv.Record> records = Csv.parse("a\n\nb\n");

        assertThat(records).extracting(Csv.Record::blank).containsExactly(false, true, false);
        assertThat(records.get(2).line()).isEqualTo(3);
    }

    @Test
    void anUnclosedQuoteNamesTheLineItOpenedOn() {
        assertThatThrownBy(() -> Csv.parse("a,b\n1,\"open\n2,3\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: a quoted field is not closed");
    }

    @Test
    void writesWhatItReads() {
        List<String> fields = List.of("plain", "with, comma", "with \"quote\"", "two\nlines", " padded ", "");

        String line = io.cmkworker.listing.CsvLine.of(fields);

        assertThat(line).isEqualTo("plain,\"with, comma\",\"with \"\"quote\"\"\",\"two\nlines\",\" padded \",");
        assertThat(Csv.parse(line).get(0).fields()).isEqualTo(fields);
    }
}
