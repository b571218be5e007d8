package io.cmkworker.sandbox;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every call a sandbox receives, written to a file as it arrives, so that a process other than the sandbox's
 * (a benchmark) can tell when each call reached the Platform. One header line names the format and its version;
 * then one line a call, tab-separated: the arrival time (ISO-8601, UTC, to the microsecond), the organisation
 * ({@code x-gw-ims-org-id}), the configuration named in the path, the endpoint ({@code METHOD path}, the name
 * abstracted), and the status answered; {@code -} for a value the call did not have. Lines are buffered and
 * written out when the file is closed (the sandbox stops) or {@link #flush() flushed}.
 */
public final class CallLogFile implements Consumer<SandboxServer.Call>, AutoCloseable {

    /** The header line of the only version this writes and reads. */
    static final String HEADER = "# cmk-worker sandbox call log v1: arrival, orgId, configName, endpoint, status";
    private static final String PREFIX = "# cmk-worker sandbox call log v";
    private static final String NONE = "-";

    private final Path file;
    private final BufferedWriter out;
    private boolean closed;

    private CallLogFile(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or empties) {@code file} and writes the header. */
    public static CallLogFile create(Path file) {
        try {
            BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.newLine();
            return new CallLogFile(file, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the call log " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void accept(SandboxServer.Call call) {
        if (closed) {
            return;
        }
        try {
            out.write(call.at().toString());
            out.write('\t');
            out.write(field(call.orgId()));
            out.write('\t');
            out.write(field(call.configName()));
            out.write('\t');
            out.write(call.endpoint());
            out.write('\t');
            out.write(Integer.toString(call.status()));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the call log " + file, e);
        }
    }

    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the call log " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the call log " + file, e);
        }
    }

    /**
     * The calls in a log this class wrote (their User-Agent is not kept: null). Refuses a file of another
     * version or format, naming the line.
     */
    public static List<SandboxServer.Call> read(Path file) throws IOException {
        List<SandboxServer.Call> calls = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.startsWith(PREFIX)) {
                throw new IOException(file + " is not a sandbox call log: its first line is " + header);
            }
            if (!header.equals(HEADER)) {
                throw new IOException(file + " is a sandbox call log of a version this one does not read: " + header);
            }
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                String[] parts = line.split("\t", -1);
                if (parts.length != 5) {
                    throw new IOException(file + ":" + number + ": expected 5 tab-separated fields, found "
                            + parts.length);
                }
                try {
                    calls.add(new SandboxServer.Call(Instant.parse(parts[0]), value(parts[1]), parts[3],
                            Integer.parseInt(parts[4]), null, value(parts[2])));
                } catch (DateTimeParseException | NumberFormatException e) {
                    throw new IOException(file + ":" + number + ": " + e.getMessage(), e);
                }
            }
        }
        return calls;
    }

    /** A value on one line and in one field: tabs and line breaks become spaces. */
    private static String field(String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static String value(String field) {
        return field.equals(NONE) ? null : field;
    }
}
