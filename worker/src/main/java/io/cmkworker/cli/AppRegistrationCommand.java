package io.cmkworker.cli;

import io.cmkworker.app.PlatformAccess;
import io.cmkworker.app.Worker;
import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.KeyVaultRules;
import io.cmkworker.domain.Region;
import io.cmkworker.domain.SafeText;
import io.cmkworker.pipeline.AzureKeySetup;
import io.cmkworker.pipeline.Hints;
import io.cmkworker.pipeline.RequestValidator;
import io.cmkworker.platform.CallObserver;
import io.cmkworker.platform.Futures;
import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformModel.AppRegistration;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "app-registration", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Fetches the consent URL of Adobe's CMK app and prints the Azure steps that follow.",
        description = {"Calls GET /data/infrastructure/manager/byok/app-registration for the organisation, with the"
                + " credential and region given, and prints the consent URL and application ID of Adobe's CMK app,"
                + " then the next manual steps as commands to copy: accept the consent, grant the app the role"
                + " \"Key Vault Crypto Service Encryption User\" on the vault (or \"Managed HSM Crypto Service"
                + " Encryption User\" on a Managed HSM), check the vault and the key. Done once per Azure tenant,"
                + " before onboarding.",
                "Exit codes: 0 printed, 1 the Platform or IMS refused or did not answer (with a hint), 2 usage."})
final class AppRegistrationCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--org", required = true, paramLabel = "ORG_ID", description = "The organisation, ...@AdobeOrg.")
    String orgId;

    @Option(names = "--region", required = true, paramLabel = "REGION", description = "VA7, NLD2 or AUS5.")
    String region;

    @Option(names = "--credential", required = true, paramLabel = "REF",
            description = "A credential configured in the worker's settings (credentials.<ref>.*).")
    String credential;

    @Option(names = "--key", paramLabel = "KEY_IDENTIFIER",
            description = "The key to onboard (https://{vault}.vault.azure.net/keys/{name}[/{version}]): the commands"
                    + " then name its vault or Managed HSM.")
    String key;

    @Option(names = "--timeout", defaultValue = "30s", description = "Give up after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    public Integer call() {
        return config.run(worker -> {
            if (!RequestValidator.isOrgId(orgId)) {
                throw new IllegalArgumentException("--org must be an Adobe organisation ID (1-64 letters and digits,"
                        + " then @AdobeOrg), not '" + SafeText.of(orgId) + "'");
            }
            Optional<Region> where = Region.find(region);
            if (where.isEmpty()) {
                throw new IllegalArgumentException("--region must be one of VA7, NLD2, AUS5, not '" + SafeText.of(region)
                        + "'");
            }
            if (!worker.credentials().containsKey(credential)) {
                throw new IllegalArgumentException("--credential '" + SafeText.of(credential) + "' is not configured;"
                        + " configured: " + worker.credentials().keySet());
            }
            if (key != null) {
                new KeyVaultRules(worker.keyHosts()).problem(key).ifPresent(rule -> {
                    throw new IllegalArgumentException("--key " + rule);
                });
            }
            return fetch(worker, new OrgTarget(orgId, where.get(), credential));
        });
    }

    private int fetch(WorkerConfig worker, OrgTarget target) throws InterruptedException {
        AppRegistration registration;
        try (Worker.Threads threads = Worker.Threads.create()) {
            PlatformAccess platform = PlatformAccess.create(worker, Clock.systemUTC(), threads.steps(), threads.timers(),
                    CallObserver.NONE);
            registration = platform.client().appRegistration(target).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : String.valueOf(Futures.unwrap(e.getCause()).getMessage());
            System.err.println("app-registration failed: " + SafeText.of(why, 500));
            System.err.println("hint: " + Hints.forCallFailure(why, new Hints.Subject(orgId, region, "", key,
                    credential)));
            return 1;
        }
        System.out.println("Adobe's CMK app for " + orgId + " (" + target.region() + "):");
        System.out.println("  application ID: " + registration.applicationId());
        System.out.println("  name:           " + registration.name());
        System.out.println("  consent URL:    " + registration.applicationRedirectUrl());
        System.out.println();
        System.out.println("Next steps, in Azure:");
        int n = 1;
        for (AzureKeySetup.Step step : AzureKeySetup.consentSteps(registration.applicationId(),
                Optional.ofNullable(key).flatMap(AzureKeySetup::of))) {
            System.out.println(n++ + ". " + step.what());
            step.commands().forEach(command -> System.out.println("     " + command));
        }
        System.out.println(n + ". Then onboard the organisation: submit a file of organisations with 'submit', or"
                + " publish an OnboardingRequest.");
        return 0;
    }
}
