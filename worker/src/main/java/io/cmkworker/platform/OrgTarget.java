package io.cmkworker.platform;

import io.cmkworker.domain.Region;

import java.util.Objects;

/** Whom a Platform call is for: the organisation, its region, and the credential to call with. */
public record OrgTarget(String orgId, Region region, String credentialRef) {
    public OrgTarget {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentialRef, "credentialRef");
    }
}
