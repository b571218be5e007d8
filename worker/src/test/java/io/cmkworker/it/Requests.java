package io.cmkworker.it;

import io.cmkworker.events.OnboardingRequest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Valid onboarding requests for tests; each call gives a new organisation. */
public final class Requests {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Requests() {
    }

    public static OnboardingRequest.Builder valid(String credentialRef) {
        int n = SEQUENCE.incrementAndGet();
        String orgId = HexFormat.of().withUpperCase().toHexDigits(System.nanoTime()) + String.format("%08X", n)
                + "@AdobeOrg";
        return OnboardingRequest.newBuilder()
                .setRequestId("req-" + n + "-" + System.nanoTime())
                .setOrgId(orgId)
                .setRegion("VA7")
                .setConfigName("cmk-config-" + n)
                .setProvider("AZURE_KEYVAULT")
                .setKeyVaultKeyIdentifier("https://testvault" + n + ".vault.azure.net/keys/cmk-key-" + n
                        + "/7c1d50lo28234cc895534c00d7eb4eb4")
                .setCredentialRef(credentialRef)
                .setRequestedAt(Instant.now())
                .setDeadline(null)
                .setMetadata(Map.of("test", "yes"));
    }

    /** A request whose key the sandbox fails (its name starts with "fail"). */
    public static OnboardingRequest.Builder failing(String credentialRef) {
        OnboardingRequest.Builder b = valid(credentialRef);
        return b.setKeyVaultKeyIdentifier(b.getKeyVaultKeyIdentifier().replace("/keys/cmk-key-", "/keys/fail-key-"));
    }
}
