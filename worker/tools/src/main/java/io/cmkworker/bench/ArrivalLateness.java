package io.cmkworker.bench;

import io.cmkworker.sandbox.SandboxServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lateness where the calls arrive: each status check's arrival at the Platform minus the due time of the step
 * that made it. A step is due at its {@code dueAt}; its call can only leave once the previous check of the same
 * configuration was answered, so the checks of one organisation's configuration arrive in the order of their due
 * times, and the n-th status GET of a configuration (answered 200) is the n-th check that fell due. A
 * configuration whose count of GETs and of due checks differ (a call repeated within a step, or lost) is left
 * out and counted as unjoined, so a join that cannot be exact never passes for one.
 *
 * @param checks every joined check, in the order they arrived
 * @param unjoined due checks and status GETs of configurations that could not be joined one to one
 */
record ArrivalLateness(List<Check> checks, int unjoined) {

    /** One status check: which of its request, when it was due, when it arrived. */
    record Check(String orgId, int checkNumber, Instant dueAt, Instant arrivedAt) {

        Duration lateness() {
            return Duration.between(dueAt, arrivedAt);
        }
    }

    ArrivalLateness {
        checks = List.copyOf(checks);
    }

    /** Joins the status GETs the sandbox received (answered 200) with the due checks read from the delay topics. */
    static ArrivalLateness join(List<SandboxServer.Call> statusGets, List<DueSteps.Due> dues) {
        Map<String, List<SandboxServer.Call>> gets = new HashMap<>();
        for (SandboxServer.Call call : statusGets) {
            gets.computeIfAbsent(call.orgId() + "/" + call.configName(), k -> new ArrayList<>()).add(call);
        }
        Map<String, List<DueSteps.Due>> due = new HashMap<>();
        for (DueSteps.Due d : dues) {
            due.computeIfAbsent(d.orgId() + "/" + d.configName(), k -> new ArrayList<>()).add(d);
        }
        List<Check> checks = new ArrayList<>();
        int unjoined = 0;
        for (Map.Entry<String, List<DueSteps.Due>> entry : due.entrySet()) {
            List<DueSteps.Due> steps = entry.getValue();
            List<SandboxServer.Call> calls = gets.getOrDefault(entry.getKey(), List.of());
            if (calls.size() != steps.size()) {
                unjoined += steps.size() + calls.size();
                continue;
            }
            steps.sort(Comparator.comparing(DueSteps.Due::dueAt));
            calls.sort(Comparator.comparing(SandboxServer.Call::at));
            for (int i = 0; i < steps.size(); i++) {
                DueSteps.Due step = steps.get(i);
                checks.add(new Check(step.orgId(), step.checkNumber(), step.dueAt(), calls.get(i).at()));
            }
        }
        for (Map.Entry<String, List<SandboxServer.Call>> entry : gets.entrySet()) {
            if (!due.containsKey(entry.getKey())) {
                unjoined += entry.getValue().size();
            }
        }
        checks.sort(Comparator.comparing(Check::arrivedAt));
        return new ArrivalLateness(checks, unjoined);
    }

    /** The lateness of every joined check (of those {@code which} accepts), in nanoseconds; negative when early. */
    long[] nanos(java.util.function.Predicate<Check> which) {
        return checks.stream().filter(which).mapToLong(c -> c.lateness().toNanos()).toArray();
    }

    /** Checks that arrived before they were due. */
    long early() {
        return checks.stream().filter(c -> c.arrivedAt().isBefore(c.dueAt())).count();
    }
}
