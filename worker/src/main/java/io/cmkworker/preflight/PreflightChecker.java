package io.cmkworker.preflight;

import com.azure.core.credential.TokenCredential;
import io.cmkworker.domain.KeyIdentifier;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.pipeline.AzureKeySetup;
import io.cmkworker.submit.LineProblem;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.SubmitFile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Checks the keys of a submit file (or one key) against what Adobe requires before anything is sent to the
 * Platform. Each vault is looked up and asked for its tenant once, each distinct key read once, and each
 * tenant's management data fetched once, on a bounded pool of threads; the calls run with the SDK's retries
 * turned down ({@link AzureAccess.Settings}). Nothing is changed anywhere: every call is a read.
 *
 * <p>{@code submit --preflight} calls {@link #check(SubmitFile.Parsed, Listener)} with the file it read and
 * publishes none of {@link PreflightReport#failed()}.
 */
public final class PreflightChecker implements AutoCloseable {

    /** Told as keys are checked, from the checking threads. */
    public interface Listener {
        Listener NONE = (done, total) -> { };

        void checked(int done, int total);
    }

    /**
     * What to check besides the key.
     *
     * @param applicationId Adobe's CMK app ({@code app-registration} prints its application ID): with it, the
     *     app's consent and role are checked too
     * @param concurrency how many calls run at once
     */
    public record Options(KeyRequirements requirements, Optional<String> applicationId, int concurrency) {

        /** Adobe's 3072 bits, no CMK app (its consent and role not checked), 8 calls at once. */
        public static final Options DEFAULT = new Options(KeyRequirements.DEFAULT, Optional.empty(), 8);

        public Options {
            Objects.requireNonNull(requirements, "requirements");
            Objects.requireNonNull(applicationId, "applicationId");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
        }
    }

    /** A key as far as it could be read. */
    private record KeyState(List<Finding> findings) {
    }

    /** The management findings of one vault. */
    private record Management(List<Finding> findings) {
    }

    private final AzureAccess azure;
    private final KeyVaultRules identifiers;
    private final Options options;
    private final Clock clock;
    private final KeyRules rules;
    private final VaultLookup lookup;
    private final Optional<KeyReader> reader;
    private final ManagementChecks managementChecks;
    private final ExecutorService pool;

    public PreflightChecker(AzureAccess azure, KeyVaultRules identifiers, Options options, Clock clock) {
        this.azure = azure;
        this.identifiers = identifiers;
        this.options = options;
        this.clock = clock;
        this.rules = new KeyRules(options.requirements());
        this.lookup = new VaultLookup(azure);
        Optional<TokenCredential> credential = azure.credential();
        this.reader = credential.map(c -> new KeyReader(azure, c));
        this.managementChecks = new ManagementChecks(credential.map(c -> new ManagementReader(azure, c)),
                options.applicationId());
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "cmk-preflight-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One key identifier (the {@code --key} option). */
    public KeyReport checkKey(String keyVaultKeyIdentifier) {
        return check(List.of(new Org(1, "", "", "", keyVaultKeyIdentifier, "", "", Map.of(), 1)), Listener.NONE)
                .keys().get(0);
    }

    /**
     * The lines of a submit file as {@link SubmitFile#readOrgs} read them: a report per line in file order, those
     * that could not be read included (they fail, with the reason). For {@code submit --preflight}:
     * {@link PreflightReport#failed()} are the lines not to publish, each with its {@link KeyReport#line()},
     * {@link KeyReport#reason()} and {@link KeyReport#hint()} for its row of the results file.
     */
    public PreflightReport check(SubmitFile.Parsed<Org> file, Listener listener) {
        PreflightReport read = check(file.rows(), listener);
        Map<Integer, List<LineProblem>> unreadable = new TreeMap<>();
        file.problems().forEach(p -> unreadable.computeIfAbsent(p.line(), l -> new ArrayList<>()).add(p));
        List<KeyReport> all = new ArrayList<>(read.keys());
        unreadable.forEach((line, problems) -> {
            List<Finding> findings = List.of(Finding.fail(Check.IDENTIFIER, "the line could not be read: "
                    + problems.stream().map(LineProblem::withoutLine).collect(Collectors.joining("; "))));
            all.add(new KeyReport(line, "", "", "", Optional.empty(), findings, List.of("fix line " + line)));
        });
        all.sort(Comparator.comparingInt(KeyReport::line));
        return new PreflightReport(read.checkedWith(), read.at(), all);
    }

    /** The keys of these lines, one report per line in the same order. */
    public PreflightReport check(List<Org> lines, Listener listener) {
        Map<String, CompletableFuture<VaultLookup.Vault>> vaults = new ConcurrentHashMap<>();
        Map<String, CompletableFuture<KeyState>> keys = new ConcurrentHashMap<>();
        List<Optional<KeyIdentifier>> parsed = new ArrayList<>();
        for (Org line : lines) {
            Optional<KeyIdentifier> id = identifiers.problem(line.keyVaultKeyIdentifier()).isPresent() ? Optional.empty()
                    : KeyIdentifier.parse(line.keyVaultKeyIdentifier());
            parsed.add(id);
            id.ifPresent(k -> vaults.computeIfAbsent(k.vaultHost(), host ->
                    CompletableFuture.supplyAsync(() -> lookup.find(host), pool)));
        }
        AtomicInteger done = new AtomicInteger();
        for (Optional<KeyIdentifier> id : parsed) {
            id.ifPresent(k -> keys.computeIfAbsent(keyOf(k), x -> vaults.get(k.vaultHost())
                    .thenApplyAsync(v -> key(v, k), pool)));
        }
        int total = keys.size();
        keys.values().forEach(f -> f.thenRun(() -> listener.checked(done.incrementAndGet(), total)));
        Map<String, Management> managed = manage(vaults, parsed);
        List<KeyReport> reports = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            reports.add(report(lines.get(i), parsed.get(i), vaults, keys, managed));
        }
        return new PreflightReport(azure.description(), clock.instant(), reports);
    }

    private static String keyOf(KeyIdentifier k) {
        return k.vaultHost() + "/" + k.keyName().toLowerCase(java.util.Locale.ROOT) + "/" + Objects.toString(k.version(), "");
    }

    private KeyState key(VaultLookup.Vault vault, KeyIdentifier k) {
        List<Finding> out = new ArrayList<>();
        if (vault.url().isEmpty()) {
            out.add(Finding.notChecked(Check.READ, vault.finding().status() == Finding.Status.FAIL
                    ? "the vault does not exist" : "the vault was not reached"));
        } else if (reader.isEmpty()) {
            out.add(Finding.notChecked(Check.READ, "no credential (--no-credential): only the vault and its tenant"
                    + " were checked"));
        } else {
            KeyReader.Read read = reader.get().read(vault.url().get(), k.keyName(), Optional.ofNullable(k.version()));
            if (read instanceof KeyReader.Found found) {
                out.add(Finding.pass(Check.READ, ""));
                out.add(Finding.pass(Check.EXISTS, ""));
                out.addAll(rules.evaluate(found.key(), clock.instant()));
                return new KeyState(out);
            }
            if (read instanceof KeyReader.NotFound notFound) {
                out.add(Finding.pass(Check.READ, ""));
                out.add(Finding.fail(Check.EXISTS, "no key " + k.keyName() + (k.version() == null ? ""
                        : " version " + k.version()) + " in the vault (" + notFound.message() + ")"));
                return new KeyState(out);
            }
            out.add(Finding.notChecked(Check.READ, read instanceof KeyReader.Refused refused
                    ? "Key Vault refused this credential (HTTP " + refused.status() + " " + refused.code() + ")"
                    : ((KeyReader.Failed) read).why()));
        }
        return new KeyState(out);
    }

    /** Resource Graph, Graph and role assignments, tenant by tenant, for the vaults found. */
    private Map<String, Management> manage(Map<String, CompletableFuture<VaultLookup.Vault>> vaults,
                                           List<Optional<KeyIdentifier>> parsed) {
        Map<String, VaultLookup.Vault> found = new ConcurrentHashMap<>();
        vaults.forEach((host, f) -> found.put(host, f.join()));
        Map<String, List<String>> hostsByTenant = new ConcurrentHashMap<>();
        found.forEach((host, v) -> v.tenant().ifPresent(t -> hostsByTenant.computeIfAbsent(t, x -> new ArrayList<>())
                .add(host)));
        Map<String, String> keyNameOfHost = new ConcurrentHashMap<>();
        parsed.forEach(p -> p.ifPresent(k -> keyNameOfHost.putIfAbsent(k.vaultHost(), k.keyName())));
        Map<String, Management> out = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        hostsByTenant.forEach((tenant, hosts) -> work.add(CompletableFuture.runAsync(() ->
                managementChecks.check(tenant, hosts, keyNameOfHost).forEach((host, findings) ->
                        out.put(host, new Management(findings))), pool)));
        CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        return out;
    }

    private KeyReport report(Org line, Optional<KeyIdentifier> id, Map<String, CompletableFuture<VaultLookup.Vault>> vaults,
                             Map<String, CompletableFuture<KeyState>> keys, Map<String, Management> managed) {
        List<Finding> findings = new ArrayList<>();
        if (id.isEmpty()) {
            findings.add(Finding.fail(Check.IDENTIFIER, identifiers.problem(line.keyVaultKeyIdentifier())
                    .orElse("is not a key identifier")));
            return new KeyReport(line.line(), line.orgId(), line.keyVaultKeyIdentifier(), "", Optional.empty(), findings,
                    Remedies.of(findings, Optional.empty(), Optional.empty(), options.applicationId(),
                            options.requirements().minRsaBits()));
        }
        KeyIdentifier k = id.get();
        VaultLookup.Vault vault = vaults.get(k.vaultHost()).join();
        findings.add(Finding.pass(Check.IDENTIFIER, ""));
        findings.add(vault.finding());
        findings.addAll(keys.get(keyOf(k)).join().findings());
        List<Check> made = findings.stream().map(Finding::check).toList();
        String unread = findings.stream().filter(f -> f.check() == Check.READ && f.status() == Finding.Status.NOT_CHECKED)
                .map(Finding::detail).findFirst().orElse(made.contains(Check.EXISTS) ? "there is no such key"
                        : "the key was not read");
        for (Check check : List.of(Check.EXISTS, Check.ENABLED, Check.DATES, Check.TYPE, Check.SIZE, Check.OPERATIONS,
                Check.RECOVERY)) {
            if (!made.contains(check)) {
                findings.add(Finding.notChecked(check, unread));
            }
        }
        Management m = managed.get(k.vaultHost());
        if (m == null) {
            String why = vault.url().isEmpty() ? unread : "the vault's tenant is not known";
            m = new Management(List.of(Finding.notChecked(Check.RBAC, why), Finding.notChecked(Check.NETWORK, why),
                    Finding.notChecked(Check.CONSENT, why), Finding.notChecked(Check.ROLE, why)));
        }
        findings.addAll(m.findings());
        return new KeyReport(line.line(), line.orgId(), line.keyVaultKeyIdentifier(), k.vaultHost(), vault.tenant(),
                findings, Remedies.of(findings, AzureKeySetup.of(line.keyVaultKeyIdentifier()), vault.tenant(),
                options.applicationId(), options.requirements().minRsaBits()));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
