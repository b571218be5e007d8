package io.cmkworker.status;

import io.cmkworker.domain.JobStatus;
import io.cmkworker.domain.KeyIdentifier;
import io.cmkworker.domain.Region;
import io.cmkworker.domain.SafeText;
import io.cmkworker.pipeline.RequestValidator;
import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformModel.ConfigData;
import io.cmkworker.submit.Result;
import java.time.Instant;
import java.util.Optional;

/**
 * How a row of a results file is refreshed from what the Platform reports of its configuration. Only a
 * finished job changes the row's status: {@code COMPLETED} or {@code FAILED} with the row's key (a row that
 * timed out, or whose outcome {@code submit} did not wait for, may have finished since). A job still running
 * updates {@code jobStatus} only; a configuration that holds another key, none at all, or a failed look-up
 * leave the row as it was, with a note. Rows that never reached the Platform ({@code INVALID},
 * {@code REJECTED}) are not looked up.
 */
public final class RowRefresh {

    private RowRefresh() {
    }

    /** Why this row is not looked up, or empty when it is. */
    public static Optional<LookedUp.Skipped> skip(Result row) {
        String why = null;
        if (row.status().equals(Result.INVALID)) {
            why = "not looked up: never published (INVALID)";
        } else if (row.status().equals("REJECTED")) {
            why = "not looked up: the worker rejected it before any call (REJECTED)";
        } else if (!RequestValidator.isOrgId(row.org().orgId())) {
            why = "not looked up: orgId '" + SafeText.of(row.org().orgId()) + "' is not an organisation ID";
        } else if (Region.find(row.org().region()).isEmpty()) {
            why = "not looked up: region '" + SafeText.of(row.org().region()) + "' is not one of VA7, NLD2, AUS5";
        } else if (!RequestValidator.isConfigName(row.org().configName())) {
            why = "not looked up: configName '" + SafeText.of(row.org().configName()) + "' is not a configuration name";
        } else if (row.org().credentialRef().isEmpty()) {
            why = "not looked up: the row names no credentialRef";
        }
        return Optional.ofNullable(why).map(LookedUp.Skipped::new);
    }

    /** Whom to look the row up for; only for a row {@link #skip} keeps. */
    public static OrgTarget target(Result row) {
        return new OrgTarget(row.org().orgId(), Region.find(row.org().region()).orElseThrow(),
                row.org().credentialRef());
    }

    /** The row as the look-up at {@code at} leaves it. */
    public static Refreshed of(Result row, LookedUp lookup, Instant at) {
        if (!(lookup instanceof LookedUp.Found found)) {
            return new Refreshed(row, row, lookup, lookup.meaning());
        }
        Optional<String> otherKey = otherKey(row, found.config().configData());
        if (otherKey.isPresent()) {
            return new Refreshed(row, row, lookup, "configuration '" + row.org().configName() + "' holds another key ("
                    + otherKey.get() + "): not the one this row asked for");
        }
        JobStatus job = found.jobStatus();
        String status = job == JobStatus.COMPLETED ? Result.COMPLETED : job == JobStatus.FAILED ? "FAILED"
                : row.status();
        boolean changed = !status.equals(row.status());
        String reason = changed ? "status at " + at + ": the Platform reports " + lookup.label() + ": "
                + lookup.meaning() : row.reason();
        String hint = status.equals(Result.COMPLETED) ? "" : row.hint();
        Result after = new Result(row.org(), row.requestId(), status, row.replay(), lookup.label(), reason, hint,
                row.startedAt(), row.finishedAt());
        String note = (changed ? "was " + row.status() + "; " : "") + lookup.label() + ": " + lookup.meaning();
        return new Refreshed(row, after, lookup, note);
    }

    /** The vault and key of the found configuration when they are not the row's, or empty. */
    private static Optional<String> otherKey(Result row, ConfigData data) {
        Optional<KeyIdentifier> wanted = KeyIdentifier.parse(row.org().keyVaultKeyIdentifier());
        Optional<KeyIdentifier> have = KeyIdentifier.parse(data == null ? null : data.keyVaultKeyIdentifier());
        if (wanted.isPresent() && have.isPresent() && !wanted.get().sameKeyAs(have.get())) {
            return Optional.of(have.get().vaultHost() + ", key " + have.get().keyName());
        }
        return Optional.empty();
    }
}
