package io.cmkworker.status;

import io.cmkworker.platform.OrgTarget;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one Platform call {@code status} makes: {@code GET /customer/config/{name}?configType=BYOK_CONFIG}, empty
 * when there is no such configuration. Nothing in this package can reach a POST.
 */
@FunctionalInterface
public interface ConfigLookup {

    CompletableFuture<Optional<ConfigStatus>> find(OrgTarget target, String configName);
}
