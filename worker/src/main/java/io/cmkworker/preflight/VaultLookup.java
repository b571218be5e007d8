package io.cmkworker.preflight;

import java.net.URI;
import java.util.Optional;

/**
 * Finds a vault and its tenant without a credential: where its name resolves ({@link VaultLocator}), then what
 * its 401 challenge says ({@link VaultProbe}). Says plainly when the name does not resolve (no vault), and when
 * nothing answered (never "refused").
 */
final class VaultLookup {

    /**
     * A vault as far as it could be found.
     *
     * @param url where it answers, empty when it was not found or did not answer
     * @param tenant its tenant, from the challenge
     * @param finding the {@link Check#VAULT} finding: passed with the tenant, failed (no such name), or not checked
     */
    record Vault(Optional<URI> url, Optional<String> tenant, Finding finding) {
    }

    private final VaultLocator locator;
    private final VaultProbe probe;

    VaultLookup(AzureAccess azure) {
        this.locator = azure.locator();
        this.probe = new VaultProbe(azure);
    }

    Vault find(String host) {
        VaultLocator.Location location = locator.locate(host);
        if (location instanceof VaultLocator.NoSuchName) {
            return new Vault(Optional.empty(), Optional.empty(), Finding.fail(Check.VAULT, "no vault: the name " + host
                    + " does not resolve"));
        }
        if (location instanceof VaultLocator.Unknown unknown) {
            return new Vault(Optional.empty(), Optional.empty(), Finding.notChecked(Check.VAULT, unknown.why()));
        }
        URI url = ((VaultLocator.Found) location).vaultUrl();
        VaultProbe.Answer answer = probe.probe(url);
        if (answer instanceof VaultProbe.Challenge challenge) {
            return new Vault(Optional.of(url), Optional.of(challenge.tenantId()), Finding.pass(Check.VAULT,
                    "tenant " + challenge.tenantId()));
        }
        String why = answer instanceof VaultProbe.Silent silent ? silent.why() : ((VaultProbe.Unexpected) answer).why();
        return new Vault(Optional.empty(), Optional.empty(), Finding.notChecked(Check.VAULT, why));
    }
}
