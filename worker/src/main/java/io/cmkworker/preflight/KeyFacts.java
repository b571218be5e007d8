package io.cmkworker.preflight;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What Key Vault says about a key, as plain values (the SDK's types stay in {@link KeyReader}).
 *
 * @param keyType {@code kty}: RSA, RSA-HSM, EC, EC-HSM, oct, oct-HSM
 * @param rsaBits the modulus length of an RSA key, 0 for other types
 * @param operations {@code key_ops}, as given
 * @param recoveryLevel {@code attributes.recoveryLevel}, empty when absent
 */
public record KeyFacts(String keyType, int rsaBits, Set<String> operations, boolean enabled,
                       Optional<Instant> notBefore, Optional<Instant> expiresOn, String recoveryLevel) {

    public KeyFacts {
        keyType = keyType == null ? "" : keyType;
        operations = Set.copyOf(operations);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresOn, "expiresOn");
        recoveryLevel = recoveryLevel == null ? "" : recoveryLevel;
    }
}
