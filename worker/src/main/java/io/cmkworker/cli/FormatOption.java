package io.cmkworker.cli;

import io.cmkworker.listing.Column;
import io.cmkworker.listing.ListFormat;
import io.cmkworker.listing.ListPrinter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The one {@code --format} of every command whose output is a list. */
final class FormatOption {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Converter.class,
            description = "table (for people), csv (every column, with a header row) or json (JSON Lines: one object"
                    + " per line, every field; jsonl is the same). Default: ${DEFAULT-VALUE}.")
    ListFormat format;

    /** A printer of {@code columns} in the format chosen, to standard output (and standard error for the footer). */
    <T> ListPrinter<T> printer(List<Column<T>> columns) {
        return new ListPrinter<>(format, columns, System.out, System.err);
    }

    static final class Converter implements CommandLine.ITypeConverter<ListFormat> {
        @Override
        public ListFormat convert(String value) {
            try {
                return ListFormat.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
