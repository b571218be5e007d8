package io.cmkworker.platform;

import io.cmkworker.platform.PlatformModel.ConfigJob;

/** What {@code POST /customer/config} gave: a new job, or word that the configuration already exists (409). */
public sealed interface CreateResult {

    record Created(ConfigJob job) implements CreateResult {
    }

    record AlreadyExists(PlatformError error) implements CreateResult {
    }
}
