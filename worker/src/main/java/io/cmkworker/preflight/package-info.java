/**
 * {@code preflight}: checks, before any POST, that each key of a submit file is one the Platform can use.
 * Without a credential, a vault's 401 challenge says whether it exists and names its tenant; with one
 * ({@code DefaultAzureCredential}), the key is read and held to Adobe's requirements (enabled, within its
 * dates, RSA or RSA-HSM of a configurable size, wrapKey and unwrapKey, soft delete and purge protection from
 * its recovery level); where the credential may read management data, the vault's permission model and
 * network, and the CMK app's consent and role. Every requirement names its source
 * ({@link io.cmkworker.pipeline.AzureSources}); what could not be checked says why. Only reads, never a change.
 * Also the to-do list of {@code app-registration --file}: consent once per tenant, the role once per vault
 * ({@link io.cmkworker.preflight.SetupPlan}, with each vault's tenant from {@link io.cmkworker.preflight.TenantLookup}).
 *
 * <p>The only package that may use the Azure SDK ({@code com.azure}, and the {@code reactor} types in its
 * interfaces); also {@code domain}, {@code pipeline} (the Azure commands of the hints), {@code submit} (the lines
 * of a submit file), Jackson and the JDK's TLS (to trust the sandbox's certificate alone).
 */
package io.cmkworker.preflight;
