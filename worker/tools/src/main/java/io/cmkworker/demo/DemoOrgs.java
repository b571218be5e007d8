package io.cmkworker.demo;

import io.cmkworker.domain.Region;
import io.cmkworker.events.OnboardingRequest;
import io.cmkworker.events.OutcomeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Synthetic organisations for the demo and the bench; every {@code orgs/failures}-th one has a key the sandbox
 * fails. Each call makes a new run: its organisations, request IDs and configuration names are new.
 */
public final class DemoOrgs {

    public record DemoOrg(int number, OnboardingRequest request, OutcomeStatus expected) {
    }

    private DemoOrgs() {
    }

    public static List<DemoOrg> generate(int orgs, int failures, String credentialRef, Instant now) {
        if (failures < 0 || failures > orgs) {
            throw new IllegalArgumentException("failures must be between 0 and the number of orgs (" + orgs + ")");
        }
        int step = failures == 0 ? Integer.MAX_VALUE : orgs / failures;
        String run = UUID.randomUUID().toString().substring(0, 8);
        Region[] regions = Region.values();
        List<DemoOrg> out = new ArrayList<>();
        int failing = 0;
        for (int i = 1; i <= orgs; i++) {
            boolean fails = failing < failures && i % step == 0;
            if (fails) {
                failing++;
            }
            String orgId = HexFormat.of().withUpperCase().toHexDigits((long) run.hashCode() << 16 | i)
                    + String.format("%08X", i) + "@AdobeOrg";
            String keyName = (fails ? "fail-" : "") + "cmk-key-" + i;
            String version = UUID.nameUUIDFromBytes((run + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString().replace("-", "");
            OnboardingRequest request = OnboardingRequest.newBuilder()
                    .setRequestId("demo-" + run + "-" + i)
                    .setOrgId(orgId)
                    .setRegion(regions[(i - 1) % regions.length].name())
                    .setConfigName("cmk-demo-" + i)
                    .setProvider("AZURE_KEYVAULT")
                    .setKeyVaultKeyIdentifier("https://demovault" + i + ".vault.azure.net/keys/" + keyName + "/" + version)
                    .setCredentialRef(credentialRef)
                    .setRequestedAt(now)
                    .setDeadline(null)
                    .setMetadata(Map.of("demo-run", run))
                    .build();
            out.add(new DemoOrg(i, request, fails ? OutcomeStatus.FAILED : OutcomeStatus.COMPLETED));
        }
        return out;
    }
}
