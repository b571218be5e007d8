package io.cmkworker.preflight;

import io.cmkworker.pipeline.AzureSources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Holds a key's facts to Adobe's requirements, with no I/O: enabled, within its dates, RSA or RSA-HSM of at
 * least the configured size, wrapKey and unwrapKey permitted, and a {@code recoveryLevel} that shows soft
 * delete and purge protection. Microsoft's recovery levels: {@code Purgeable} (no soft delete),
 * {@code Recoverable+Purgeable} and {@code CustomizedRecoverable+Purgeable} (soft delete, no purge
 * protection), {@code Recoverable}, {@code CustomizedRecoverable} and
 * {@code Recoverable+ProtectedSubscription} (both: "only the system can purge") ({@link Sources#MS_GET_KEY}).
 */
final class KeyRules {

    private final KeyRequirements requirements;

    KeyRules(KeyRequirements requirements) {
        this.requirements = requirements;
    }

    List<Finding> evaluate(KeyFacts key, Instant now) {
        List<Finding> out = new ArrayList<>();
        out.add(key.enabled() ? Finding.pass(Check.ENABLED, "")
                : Finding.fail(Check.ENABLED, "the key is disabled"));
        if (key.notBefore().isPresent() && key.notBefore().get().isAfter(now)) {
            out.add(Finding.fail(Check.DATES, "not valid before " + key.notBefore().get()));
        } else if (key.expiresOn().isPresent() && !key.expiresOn().get().isAfter(now)) {
            out.add(Finding.fail(Check.DATES, "expired " + key.expiresOn().get()));
        } else {
            out.add(Finding.pass(Check.DATES, key.expiresOn().map(e -> "expires " + e).orElse("no expiry")));
        }
        boolean rsa = key.keyType().equals("RSA") || key.keyType().equals("RSA-HSM");
        out.add(rsa ? Finding.pass(Check.TYPE, key.keyType())
                : Finding.fail(Check.TYPE, "type is " + (key.keyType().isEmpty() ? "not given" : key.keyType())));
        if (!rsa) {
            out.add(Finding.notChecked(Check.SIZE, "not an RSA key"));
        } else if (key.rsaBits() < requirements.minRsaBits()) {
            out.add(Finding.fail(Check.SIZE, key.rsaBits() + " bits, fewer than " + requirements.minRsaBits()));
        } else {
            out.add(Finding.pass(Check.SIZE, key.rsaBits() + " bits"));
        }
        List<String> missing = new ArrayList<>();
        for (String op : List.of("wrapKey", "unwrapKey")) {
            if (!key.operations().contains(op)) {
                missing.add(op);
            }
        }
        out.add(missing.isEmpty() ? Finding.pass(Check.OPERATIONS, "")
                : Finding.fail(Check.OPERATIONS, String.join(" and ", missing) + " not permitted (permitted: "
                + (key.operations().isEmpty() ? "none" : String.join(", ", key.operations().stream().sorted().toList()))
                + ")"));
        out.add(recovery(key.recoveryLevel()));
        return out;
    }

    private static Finding recovery(String level) {
        String l = level.toLowerCase(Locale.ROOT);
        if (l.isEmpty()) {
            return Finding.notChecked(Check.RECOVERY, "Key Vault gave no recoveryLevel");
        }
        if (!l.contains("recoverable")) {
            return Finding.fail(Check.RECOVERY, "recoveryLevel " + level + ": soft delete and purge protection are off");
        }
        if (l.contains("purgeable")) {
            return Finding.fail(Check.RECOVERY, "recoveryLevel " + level + ": soft delete is on, purge protection off");
        }
        return Finding.pass(Check.RECOVERY, "recoveryLevel " + level);
    }
}
