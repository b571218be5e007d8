package io.cmkworker.bench;

import io.cmkworker.sandbox.SandboxServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Every call a sandbox received, with its arrival time: what the bench counts calls and rates from. */
public final class CallLog implements Consumer<SandboxServer.Call> {

    /** The sandbox's name of the endpoint that status checks (and lookups by name) use. */
    public static final String CONFIG_BY_NAME = "GET /data/infrastructure/manager/customer/config/{name}";

    private final List<SandboxServer.Call> calls = new ArrayList<>();

    private CallLog() {
    }

    /** A log of every call {@code sandbox} receives from now on. */
    public static CallLog of(SandboxServer sandbox) {
        CallLog log = new CallLog();
        sandbox.onCall(log);
        return log;
    }

    /** A log of {@code calls}, received elsewhere (a sandbox process's call log file). */
    public static CallLog of(List<SandboxServer.Call> calls) {
        CallLog log = new CallLog();
        log.calls.addAll(calls);
        return log;
    }

    /** The calls that match, in the order they arrived. */
    public synchronized List<SandboxServer.Call> calls(Predicate<SandboxServer.Call> which) {
        return calls.stream().filter(which).sorted(java.util.Comparator.comparing(SandboxServer.Call::at)).toList();
    }

    @Override
    public synchronized void accept(SandboxServer.Call call) {
        calls.add(call);
    }

    /** A Platform call (not an IMS token). */
    public static boolean platform(SandboxServer.Call call) {
        return !call.endpoint().contains("/ims/");
    }

    /** A status check answered with a status (or a lookup by name that found the configuration). */
    public static boolean statusCheck(SandboxServer.Call call) {
        return call.endpoint().equals(CONFIG_BY_NAME) && call.status() == 200;
    }

    public synchronized long count(Predicate<SandboxServer.Call> which) {
        return calls.stream().filter(which).count();
    }

    /** Calls that match and arrived in {@code [from, to)}. */
    public synchronized long count(Predicate<SandboxServer.Call> which, Instant from, Instant to) {
        return calls.stream().filter(which).filter(c -> !c.at().isBefore(from) && c.at().isBefore(to)).count();
    }

    /** When the first call that matches arrived. */
    public synchronized Optional<Instant> first(Predicate<SandboxServer.Call> which) {
        return calls.stream().filter(which).map(SandboxServer.Call::at).min(Instant::compareTo);
    }

    /** Arrival times of the calls that match, in epoch nanoseconds. */
    public synchronized long[] arrivals(Predicate<SandboxServer.Call> which) {
        return calls.stream().filter(which).mapToLong(c -> c.at().getEpochSecond() * 1_000_000_000L + c.at().getNano())
                .toArray();
    }
}
