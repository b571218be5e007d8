package io.cmkworker.preflight;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Azure tenant of each vault, from its 401 challenge, without any credential ({@link VaultLookup}), a bounded
 * number at a time: what {@code app-registration --file} groups the consent steps by.
 */
public final class TenantLookup implements AutoCloseable {

    /** A vault's tenant, or why it is not known (no such vault, nothing answered). */
    public record Tenant(Optional<String> id, String why) {
    }

    private final VaultLookup lookup;
    private final ExecutorService pool;

    public TenantLookup(AzureAccess azure, int concurrency) {
        this.lookup = new VaultLookup(azure);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "cmk-tenants-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Each host's tenant, in the order given. */
    public Map<String, Tenant> find(Collection<String> vaultHosts) {
        Map<String, CompletableFuture<Tenant>> pending = new LinkedHashMap<>();
        for (String host : vaultHosts) {
            pending.computeIfAbsent(host, h -> CompletableFuture.supplyAsync(() -> {
                VaultLookup.Vault vault = lookup.find(h);
                return new Tenant(vault.tenant(), vault.finding().detail());
            }, pool));
        }
        Map<String, Tenant> out = new LinkedHashMap<>();
        pending.forEach((host, tenant) -> out.put(host, tenant.join()));
        return out;
    }

    /** One host's tenant. */
    public Tenant find(String vaultHost) {
        return find(List.of(vaultHost)).get(vaultHost);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
