package io.cmkworker.preflight;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A vault exists when its host name resolves: Azure creates {@code {name}.vault.azure.net} with the vault and
 * removes it with the vault. A name that does not resolve means no vault only when DNS answers for Azure's
 * own names; otherwise this machine simply has no DNS, and that is what it says.
 */
final class DnsVaultLocator implements VaultLocator {

    private static final String KNOWN = "login.microsoftonline.com";

    @Override
    public Location locate(String vaultHost) {
        try {
            InetAddress.getAllByName(vaultHost);
            return new Found(URI.create("https://" + vaultHost));
        } catch (UnknownHostException e) {
            try {
                InetAddress.getAllByName(KNOWN);
                return new NoSuchName();
            } catch (UnknownHostException noDns) {
                return new Unknown("DNS resolves no name at all from this machine (not even " + KNOWN + ")");
            }
        }
    }
}
