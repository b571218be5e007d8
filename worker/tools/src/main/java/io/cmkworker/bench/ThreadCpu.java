package io.cmkworker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a process's CPU time goes, by kind of thread, read from Linux's {@code /proc/<pid>/task/<tid>/stat}
 * (user and system time of each live thread, in clock ticks of 1/100 s): the JIT compilers, the garbage
 * collector, the worker's poll loop, its HTTP and step threads, the Kafka clients' network threads. Elsewhere,
 * or when the process is gone, it reads nothing.
 *
 * @param ticks clock ticks by thread id, with each thread's name
 */
record ThreadCpu(Map<Long, Sample> ticks) {

    /** One thread's name (as the kernel keeps it: 15 characters at most) and its ticks so far. */
    record Sample(String name, long ticks) {
    }

    /** The kinds, in the order a note lists them; a thread belongs to the first whose prefix its name has. */
    private static final Map<String, List<String>> KINDS = kinds();

    private static final double TICK_SECONDS = 0.01;
    /** The kind of the JIT compilers' threads, whose work a warm process no longer does. */
    static final String JIT = "JIT compilers";

    ThreadCpu {
        ticks = Map.copyOf(ticks);
    }

    /** The threads of {@code pid} now. */
    static ThreadCpu of(long pid) {
        Map<Long, Sample> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return new ThreadCpu(out);
        }
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    parse(Files.readString(task.resolve("stat"), StandardCharsets.UTF_8))
                            .ifPresent(s -> out.put(Long.parseLong(task.getFileName().toString()), s));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return new ThreadCpu(out);
    }

    /** A {@code stat} line: {@code tid (comm) state ...}, utime and stime the 14th and 15th fields. */
    static java.util.Optional<Sample> parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return java.util.Optional.empty();
        }
        String[] rest = stat.substring(close + 2).trim().split(" ");
        // rest[0] is field 3 (state): utime is field 14, stime field 15.
        long utime = Long.parseLong(rest[11]);
        long stime = Long.parseLong(rest[12]);
        return java.util.Optional.of(new Sample(stat.substring(open + 1, close), utime + stime));
    }

    /** Seconds of CPU by kind of thread between {@code earlier} and this (threads that ended meanwhile are lost). */
    Map<String, Double> since(ThreadCpu earlier) {
        Map<String, Double> byKind = new LinkedHashMap<>();
        KINDS.keySet().forEach(k -> byKind.put(k, 0.0));
        byKind.put("other", 0.0);
        ticks.forEach((tid, now) -> {
            Sample before = earlier.ticks.get(tid);
            long used = now.ticks() - (before == null || !before.name().equals(now.name()) ? 0 : before.ticks());
            byKind.merge(kindOf(now.name()), used * TICK_SECONDS, Double::sum);
        });
        return byKind;
    }

    /** "JIT 3.1 s, GC 0.8 s, ..." with the kinds that used any time, largest first. */
    static String describe(Map<String, Double> byKind) {
        List<Map.Entry<String, Double>> used = new ArrayList<>(byKind.entrySet());
        used.removeIf(e -> e.getValue() <= 0);
        used.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : used) {
            parts.add(String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue()));
        }
        return parts.isEmpty() ? "not available" : String.join(", ", parts);
    }

    static String kindOf(String name) {
        for (Map.Entry<String, List<String>> kind : KINDS.entrySet()) {
            for (String prefix : kind.getValue()) {
                if (name.startsWith(prefix)) {
                    return kind.getKey();
                }
            }
        }
        return "other";
    }

    private static Map<String, List<String>> kinds() {
        Map<String, List<String>> kinds = new LinkedHashMap<>();
        kinds.put(JIT, List.of("C1 Compiler", "C2 Compiler"));
        kinds.put("GC and VM", List.of("GC Thread", "G1 ", "VM Periodic", "VM Thread"));
        kinds.put("poll loop", List.of("cmk-worker-loop"));
        kinds.put("Kafka client threads", List.of("kafka-"));
        kinds.put("HTTP client", List.of("cmk-http-", "HttpClient-"));
        kinds.put("steps", List.of("cmk-steps-"));
        kinds.put("common pool", List.of("ForkJoinPool"));
        return kinds;
    }
}
