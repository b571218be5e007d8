package io.cmkworker.preflight;

import java.net.URI;

/** Where a vault's host answers: DNS for Azure, the simulator's lookup for the sandbox. */
interface VaultLocator {

    /** Where a vault is, or why it is not. */
    sealed interface Location {
    }

    /** The vault's base URL. */
    record Found(URI vaultUrl) implements Location {
    }

    /** The name does not resolve: there is no such vault (or it was deleted and purged). */
    record NoSuchName() implements Location {
    }

    /** It could not be told (DNS itself did not answer). */
    record Unknown(String why) implements Location {
    }

    Location locate(String vaultHost);
}
