package io.cmkworker.cli;

import io.cmkworker.app.PlatformAccess;
import io.cmkworker.app.Worker;
import io.cmkworker.config.SecretsNeeded;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.KeyIdentifier;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.SafeText;
import io.cmkworker.pipeline.AzureKeySetup;
import io.cmkworker.pipeline.Hints;
import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.Futures;
import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformModel.AppRegistration;
import io.cmkworker.preflight.AzureAccess;
import io.cmkworker.preflight.OutputFormat;
import io.cmkworker.preflight.SetupPlan;
import io.cmkworker.preflight.SetupPlanWriter;
import io.cmkworker.preflight.TenantLookup;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.SubmitFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "app-registration", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fetches the consent URL of Adobe's CMK app and prints the Azure steps that follow.",
        description = {"Calls GET /data/infrastructure/manager/byok/app-registration for the organisation, with the"
                + " credential and region given, and prints the consent URL and application ID of Adobe's CMK app,"
                + " then the next manual steps as commands to copy, read-only checks first: accept the consent (once"
                + " per Azure tenant), grant the app the role \"Key Vault Crypto Service Encryption User\" on the vault"
                + " (or \"Managed HSM Crypto Service Encryption User\" on a Managed HSM; once per vault), check the vault"
                + " and the key.",
                "With --file (the 'submit' format), the same for every line, as one to-do list grouped as the work is"
                        + " done: one consent per Azure tenant (the tenant of each vault, from its 401 challenge: no"
                        + " Azure credential needed) with its URL, one role per vault, and the organisations waiting on"
                        + " each; --format table, csv or json."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:Printed.",
                "1:The Platform or IMS refused or did not answer (with --file, for some lines: the rest is printed,"
                        + " with a hint).",
                "2:Usage, configuration or bad lines (with --file: listed, and the rest is printed).",
                "3:With --file, the tenant of some vault is not known (listed: no such vault, or nothing answered)."})
final class AppRegistrationCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** One organisation, or a file of them. */
    static final class Target {
        @ArgGroup(exclusive = false)
        One one;

        @Option(names = "--file", paramLabel = "FILE",
                description = "The organisations (a 'submit' file): one to-do list per tenant and per vault.")
        Path file;
    }

    /** One organisation. */
    static final class One {
        @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "The organisation, ...@AdobeOrg.")
        String orgId;

        @Option(names = "--region", required = true, paramLabel = "REGION", description = "VA7, NLD2 or AUS5.")
        String region;

        @Option(names = "--credential", required = true, paramLabel = "REF",
                description = "A credential configured in the worker's settings (credentials.<ref>.*).")
        String credential;

        @Option(names = "--key", paramLabel = "KEY_IDENTIFIER",
                description = "The key to onboard (https://{vault}.vault.azure.net/keys/{name}[/{version}]): the"
                        + " commands then name its vault or Managed HSM.")
        String key;
    }

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "With --file: table, csv or json. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--timeout", defaultValue = "30s", description = "Give up after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "With --file: vaults asked for their tenant at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @ArgGroup(exclusive = false)
    SandboxVaultOption sandbox;

    /** Exit code: the tenant of some vault is not known. */
    static final int TENANT_UNKNOWN = 3;

    @Override
    public Integer call() {
        // IMS is called with the credentials of the organisations asked for only: their secrets are loaded then.
        return config.run(SecretsNeeded.NONE, worker -> target.file != null ? file(worker, target.file)
                : one(worker, target.one));
    }

    private int one(WorkerConfig worker, One one) throws InterruptedException {
        OrgTarget org = OrgArguments.target(worker, one.orgId, one.region, one.credential);
        if (one.key != null) {
            new KeyVaultRules(worker.keyHosts()).problem(one.key).ifPresent(rule -> {
                throw new IllegalArgumentException("--key " + rule);
            });
        }
        AppRegistration registration;
        try (Worker.Threads threads = Worker.Threads.create()) {
            PlatformAccess platform = PlatformAccess.create(config.load(SecretsNeeded.only(Set.of(one.credential))),
                    Clock.systemUTC(), threads.steps(), threads.timers(), CallObserver.NONE);
            registration = platform.client().appRegistration(org).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = failure(e);
            System.err.println("app-registration failed: " + SafeText.of(why, 500));
            System.err.println("hint: " + Hints.forCallFailure(why, new Hints.Subject(one.orgId, one.region, "", one.key,
                    one.credential)));
            return 1;
        }
        System.out.println("Adobe's CMK app for " + one.orgId + " (" + org.region() + "):");
        System.out.println("  application ID: " + registration.applicationId());
        System.out.println("  name:           " + registration.name());
        System.out.println("  consent URL:    " + registration.applicationRedirectUrl());
        System.out.println();
        System.out.println("Next steps, in Azure (read-only checks first):");
        int n = 1;
        for (AzureKeySetup.Step step : AzureKeySetup.consentSteps(registration.applicationId(),
                Optional.ofNullable(one.key).flatMap(AzureKeySetup::of))) {
            System.out.println(n++ + ". " + step.what());
            step.commands().forEach(command -> System.out.println("     " + command));
        }
        System.out.println(n + ". Then check the keys with 'preflight --cmk-app-id " + registration.applicationId()
                + "', and onboard the organisations: submit a file of them with 'submit', or publish an"
                + " OnboardingRequest.");
        return 0;
    }

    /** {@code --file}: every line's CMK app from the Platform, every vault's tenant from Azure, one plan. */
    private int file(WorkerConfig worker, Path file) throws Exception {
        SubmitFile.Parsed<Org> parsed = SubmitFile.readOrgs(file);
        KeyVaultRules keys = new KeyVaultRules(worker.keyHosts());
        Map<Org, OrgTarget> targets = new LinkedHashMap<>();
        List<SetupPlan.Line> bad = new ArrayList<>();
        parsed.problems().forEach(p -> bad.add(new SetupPlan.Line(p.line(), "", "", Optional.empty(), p.withoutLine())));
        for (Org org : parsed.rows()) {
            Optional<String> keyProblem = keys.problem(org.keyVaultKeyIdentifier());
            try {
                OrgTarget t = OrgArguments.target(worker, org.orgId(), org.region(), org.credentialRef());
                if (keyProblem.isPresent()) {
                    throw new IllegalArgumentException("keyVaultKeyIdentifier " + keyProblem.get());
                }
                targets.put(org, t);
            } catch (IllegalArgumentException e) {
                bad.add(new SetupPlan.Line(org.line(), org.orgId(), org.keyVaultKeyIdentifier(), Optional.empty(),
                        e.getMessage().replaceFirst("^--org ", "orgId ").replaceFirst("^--credential ", "credentialRef ")
                                .replaceFirst("^--region ", "region ")));
            }
        }
        Map<OrgTarget, String> failures = new LinkedHashMap<>();
        Map<OrgTarget, SetupPlan.App> apps = registrations(worker, new LinkedHashSet<>(targets.values()), failures);
        Set<String> hosts = new LinkedHashSet<>();
        targets.keySet().forEach(o -> KeyIdentifier.parse(o.keyVaultKeyIdentifier()).ifPresent(k -> hosts.add(k.vaultHost())));
        Map<String, TenantLookup.Tenant> tenants;
        AzureAccess azure = SandboxVaultOption.access(sandbox, new AzureAccess.Settings(timeout, 1, false, List.of()));
        try (TenantLookup lookup = new TenantLookup(azure, concurrency)) {
            tenants = lookup.find(hosts);
        }
        List<SetupPlan.Line> lines = new ArrayList<>(bad);
        targets.forEach((org, t) -> lines.add(new SetupPlan.Line(org.line(), org.orgId(), org.keyVaultKeyIdentifier(),
                Optional.ofNullable(apps.get(t)), apps.containsKey(t) ? "" : failures.get(t))));
        lines.sort(java.util.Comparator.comparingInt(SetupPlan.Line::line));
        SetupPlan plan = SetupPlan.of(lines, tenants);
        SetupPlanWriter.write(plan, format, System.out);
        if (format == OutputFormat.TABLE) {
            System.out.println();
            System.out.println("Then check every key before submitting: " + Main.invocation() + " preflight " + file
                    + apps.values().stream().map(SetupPlan.App::applicationId).distinct().findFirst()
                    .map(id -> " --cmk-app-id " + id).orElse("") + (sandbox == null ? "" : " --sandbox " + sandbox.url
                    + " --sandbox-trust " + sandbox.certificate));
        }
        if (!failures.isEmpty()) {
            return 1;
        }
        if (!bad.isEmpty()) {
            return 2;
        }
        return tenants.values().stream().anyMatch(t -> t.id().isEmpty()) ? TENANT_UNKNOWN : 0;
    }

    /** The CMK app of each organisation, asked all at once (the client paces the calls); failures with their hint. */
    private Map<OrgTarget, SetupPlan.App> registrations(WorkerConfig worker, Set<OrgTarget> targets,
                                                        Map<OrgTarget, String> failures) throws InterruptedException {
        Map<OrgTarget, SetupPlan.App> apps = new LinkedHashMap<>();
        if (targets.isEmpty()) {
            return apps;
        }
        Set<String> credentials = new LinkedHashSet<>();
        targets.forEach(t -> credentials.add(t.credentialRef()));
        try (Worker.Threads threads = Worker.Threads.create()) {
            PlatformAccess platform = PlatformAccess.create(config.load(SecretsNeeded.only(credentials)),
                    Clock.systemUTC(), threads.steps(), threads.timers(), CallObserver.NONE);
            Map<OrgTarget, CompletableFuture<AppRegistration>> calls = new LinkedHashMap<>();
            targets.forEach(t -> calls.put(t, platform.client().appRegistration(t)));
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Map.Entry<OrgTarget, CompletableFuture<AppRegistration>> call : calls.entrySet()) {
                OrgTarget t = call.getKey();
                try {
                    AppRegistration r = call.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    apps.put(t, new SetupPlan.App(r.applicationId(), r.applicationRedirectUrl()));
                } catch (ExecutionException | TimeoutException e) {
                    String why = failure(e);
                    failures.put(t, "app-registration failed: " + SafeText.of(why, 300) + "; hint: "
                            + Hints.forCallFailure(why, new Hints.Subject(t.orgId(), t.region().name(), "", null,
                            t.credentialRef())));
                }
            }
        }
        return apps;
    }

    private String failure(Exception e) {
        return e instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                : String.valueOf(Futures.unwrap(e.getCause()).getMessage());
    }
}
