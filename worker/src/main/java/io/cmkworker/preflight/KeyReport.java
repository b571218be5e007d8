package io.cmkworker.preflight;

import io.cmkworker.preflight.Finding.Status;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a preflight found for one line: the key, its vault and tenant, and every check in {@link Check}'s
 * order, each passed, failed, passed with a warning, or not checked and why.
 *
 * @param line the line of the file (1 for {@code --key})
 * @param orgId the organisation of the line, empty for {@code --key}
 * @param vaultHost the key's vault host, empty when the identifier is not one
 * @param tenantId the vault's Azure tenant, from its challenge; empty when it did not answer
 * @param todo what to do about the failed checks (one entry per check: its label, then commands one per line,
 *     read-only ones first, a change that cannot be undone after a {@code # WARNING} line)
 */
public record KeyReport(int line, String orgId, String keyVaultKeyIdentifier, String vaultHost,
                        Optional<String> tenantId, List<Finding> findings, List<String> todo) {

    public KeyReport {
        orgId = orgId == null ? "" : orgId;
        keyVaultKeyIdentifier = keyVaultKeyIdentifier == null ? "" : keyVaultKeyIdentifier;
        vaultHost = vaultHost == null ? "" : vaultHost;
        Objects.requireNonNull(tenantId, "tenantId");
        findings = List.copyOf(findings);
        todo = List.copyOf(todo);
    }

    /**
     * The worst status among the findings: FAIL when any check failed, else NOT_CHECKED when some could not be
     * made, else WARN, else PASS.
     */
    public Status verdict() {
        for (Status worst : List.of(Status.FAIL, Status.NOT_CHECKED, Status.WARN)) {
            if (findings.stream().anyMatch(f -> f.status() == worst)) {
                return worst;
            }
        }
        return Status.PASS;
    }

    public boolean failed() {
        return verdict() == Status.FAIL;
    }

    /** The findings with this status. */
    public List<Finding> with(Status status) {
        return findings.stream().filter(f -> f.status() == status).toList();
    }

    /** {@code preflight failed: enabled (the key is disabled); wrapKey, unwrapKey (...)}, for a row that is not published. */
    public String reason() {
        List<Finding> failed = with(Status.FAIL);
        if (failed.isEmpty()) {
            return "preflight passed";
        }
        return "preflight failed: " + failed.stream().map(f -> f.check().label() + (f.detail().isEmpty() ? ""
                : " (" + f.detail() + ")")).collect(Collectors.joining("; "));
    }

    /** The to-do as one line, for a results file's hint. */
    public String hint() {
        return String.join(" | ", todo).replace("\n", "; ");
    }
}
