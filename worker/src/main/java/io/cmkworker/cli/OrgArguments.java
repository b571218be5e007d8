package io.cmkworker.cli;

import io.cmkworker.config.WorkerConfig;
import io.cmkworker.domain.Region;
import io.cmkworker.domain.SafeText;
import io.cmkworker.pipeline.RequestValidator;
import io.cmkworker.platform.OrgTarget;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of an organisation named on the command line ({@code --org}, {@code --region}, {@code --credential}),
 * shared by the commands that call the Platform for one: each bad value is an {@link IllegalArgumentException} that
 * names the option and the rule (exit code 2).
 */
final class OrgArguments {

    private OrgArguments() {
    }

    /** The organisation to call for; its credential must be configured (its secret need not be loaded yet). */
    static OrgTarget target(WorkerConfig worker, String orgId, String region, String credential) {
        if (!RequestValidator.isOrgId(orgId)) {
            throw new IllegalArgumentException("--org must be an Adobe organisation ID (1-64 letters and digits,"
                    + " then @AdobeOrg), not '" + SafeText.of(orgId) + "'");
        }
        Optional<Region> where = Region.find(region);
        if (where.isEmpty()) {
            throw new IllegalArgumentException("--region must be one of VA7, NLD2, AUS5, not '" + SafeText.of(region)
                    + "'");
        }
        requireConfigured(worker, Set.of(credential), "--credential");
        return new OrgTarget(orgId, where.get(), credential);
    }

    /** Every one of {@code refs} is a configured credential; {@code what} names where they came from. */
    static void requireConfigured(WorkerConfig worker, Set<String> refs, String what) {
        Set<String> unknown = new TreeSet<>(refs);
        unknown.removeAll(worker.credentialRefs());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " names " + (unknown.size() == 1 ? "a credential" : "credentials")
                    + " not configured: " + SafeText.of(String.join(", ", unknown)) + "; configured: "
                    + worker.credentialRefs());
        }
    }
}
