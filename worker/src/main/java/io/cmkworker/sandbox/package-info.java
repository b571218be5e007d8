/**
 * The Platform + IMS simulator ("sandbox"): the same endpoints, headers and response shapes as the
 * reference, served over real HTTP by the JDK's server, for tests, the demo and dry runs. It checks
 * what a real gateway checks, moves each configuration through its statuses over configurable
 * times, and counts what it receives so tests can prove nothing was created twice.
 *
 * <p>Beside it, the Key Vault simulator ({@link io.cmkworker.sandbox.KeyVaultSimulator}): Key Vault's data
 * plane, Entra ID's token endpoint and the management reads of a preflight, over HTTPS with a certificate
 * made at start, with faults chosen by the vaults' and keys' names ({@link io.cmkworker.sandbox.SimulatedVaults}).
 * It simulates the wire: it uses no Azure library.
 *
 * <p>May use Jackson, the JDK, {@code config}, {@code domain} and {@code io.cmkworker.platform}'s model types.
 * Part of the production artifact: operators run it for dry runs.
 */
package io.cmkworker.sandbox;
