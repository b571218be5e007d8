package io.cmkworker.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListPrinterTest {

    record Item(String name, int size, Instant at, Map<String, String> tags) {
    }

    private static final List<Column<Item>> COLUMNS = List.of(
            Column.everywhere("name", 8, Item::name),
            Column.table("sizeText", 6, i -> i.size() + " B"),
            Column.data("size", Item::size),
            Column.everywhere("lastSeenAt", 30, Item::at),
            Column.data("tags", Item::tags));

    private static final Item ONE = new Item("a, \"b\"\nc-long", 12, Instant.parse("2026-12-01T10:00:00Z"),
            Map.of("team", "blue"));
    private static final Item NONE = new Item(null, 0, null, Map.of());

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aTableHasHeadingsEscapesInputAndPadsAllButTheLastColumn() {
        print(ListFormat.TABLE, ONE, NONE);

        assertThat(lines(out)).containsExactly(
                "NAME     SIZE TEXT LAST SEEN AT",
                "a, \"b\"\\u000ac...(13 chars) 12 B   2026-12-01T10:00:00Z",
                "         0 B    ",
                "2 items");
        assertThat(lines(err)).isEmpty();
    }

    @Test
    void csvQuotesWhatNeedsItAndGivesEveryDataColumn() {
        print(ListFormat.CSV, ONE, NONE);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
                name,size,lastSeenAt,tags
                "a, ""b""
                c-long",12,2026-12-01T10:00:00Z,"{""team"":""blue""}"
                ,0,,{}
                """);
        assertThat(lines(err)).containsExactly("2 items");
    }

    @Test
    void jsonIsOneObjectPerItemWithTypesNullsAndNesting() {
        print(ListFormat.JSON, ONE, NONE);

        assertThat(lines(out)).containsExactly(
                "{\"name\":\"a, \\\"b\\\"\\nc-long\",\"size\":12,\"lastSeenAt\":\"2026-12-01T10:00:00Z\",\"tags\":{\"team\":\"blue\"}}",
                "{\"name\":null,\"size\":0,\"lastSeenAt\":null,\"tags\":{}}");
        assertThat(lines(err)).containsExactly("2 items");
    }

    @Test
    void formatsAreNamedIgnoringCaseAndJsonlIsJson() {
        assertThat(ListFormat.of("TABLE")).isEqualTo(ListFormat.TABLE);
        assertThat(ListFormat.of("csv")).isEqualTo(ListFormat.CSV);
        assertThat(ListFormat.of("jsonl")).isEqualTo(ListFormat.JSON);
        assertThatThrownBy(() -> ListFormat.of("xml")).hasMessage("'xml' is not a format: table, csv or json");
    }

    private void print(ListFormat format, Item... items) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            ListPrinter<Item> printer = new ListPrinter<>(format, COLUMNS, o, e);
            printer.header();
            for (Item item : items) {
                printer.row(item);
            }
            printer.footer(items.length + " items");
        }
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
