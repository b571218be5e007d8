package io.cmkworker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap another JVM uses after a full collection, read with the JDK's {@code jcmd}: {@code GC.run},
 * then {@code GC.heap_info}. It measures the process it is pointed at, not the caller (the bench's own
 * JVM also holds the sandbox and would say nothing about the worker).
 */
public final class HeapProbe {

    /** A heap space line: {@code <name> total 262144K, used 21043K [...]}. */
    private static final Pattern SPACE = Pattern.compile("^\\s*(\\S.*?)\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private HeapProbe() {
    }

    /** Forces a full GC in process {@code pid} and returns the bytes of heap in use after it. */
    public static long usedAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return parseUsedBytes(jcmd(pid, "GC.heap_info"));
    }

    /**
     * The heap in use according to {@code GC.heap_info} output: the sum of the {@code used} of every heap
     * space (G1's one line, or the generations of Serial and Parallel), leaving out Metaspace and class space.
     */
    static long parseUsedBytes(String heapInfo) {
        long usedKb = 0;
        boolean found = false;
        for (String line : heapInfo.split("\\R")) {
            Matcher m = SPACE.matcher(line);
            if (m.find() && !m.group(1).startsWith("Metaspace") && !m.group(1).startsWith("class space")) {
                usedKb += Long.parseLong(m.group(3));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no heap usage in the GC.heap_info output:\n" + heapInfo);
        }
        return usedKb * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(pid), command)).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not finish within " + TIMEOUT);
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed (" + process.exitValue() + "): " + text);
        }
        return text;
    }
}
