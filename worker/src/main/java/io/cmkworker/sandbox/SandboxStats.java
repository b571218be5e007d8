package io.cmkworker.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls the sandbox answered, by endpoint and status. */
final class SandboxStats {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final java.util.Set<String> orgs = ConcurrentHashMap.newKeySet();

    void org(String orgId) {
        if (orgId != null) {
            orgs.add(orgId);
        }
    }

    java.util.Set<String> orgs() {
        return java.util.Set.copyOf(orgs);
    }

    void count(String endpoint, int status) {
        calls.computeIfAbsent(endpoint + " " + status, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int total() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
