package io.cmkworker.status;

import io.cmkworker.domain.JobStatus;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import java.util.Objects;

/** What looking up one configuration gave. */
public sealed interface LookedUp {

    /** The Platform has it, with this job status. */
    record Found(ConfigStatus config) implements LookedUp {
        public Found {
            Objects.requireNonNull(config, "config");
        }

        public JobStatus jobStatus() {
            return JobStatus.parse(config.status());
        }
    }

    /** The Platform has no configuration of that name for the organisation (HTTP 404). */
    record NotFound() implements LookedUp {
    }

    /** IMS or the Platform refused, or did not answer. */
    record Failed(String why) implements LookedUp {
    }

    /** Not looked up: the row never reached the Platform, or it cannot name a configuration. */
    record Skipped(String why) implements LookedUp {
    }

    /** The Platform's job status, or how the look-up ended otherwise: a short word for tables and counts. */
    default String label() {
        if (this instanceof Found found) {
            return found.config().status() == null ? JobStatus.UNKNOWN.name() : found.config().status();
        }
        return this instanceof NotFound ? "NOT_FOUND" : this instanceof Failed ? "LOOKUP_FAILED" : "NOT_LOOKED_UP";
    }

    /** What it means, in the reference's words for each job status. */
    default String meaning() {
        if (this instanceof Found found) {
            return switch (found.jobStatus()) {
                case NEW -> "the Platform has the configuration and has not started its job yet";
                case RUNNING -> "the Platform is checking that it can reach the key and the key vault";
                case UPDATE_EXISTING_RESOURCES -> "the Platform is adding the key vault and key name to the datastores"
                        + " of every sandbox of the organisation";
                case COMPLETED -> "the key vault and key name are in the datastores: the key is in use";
                case FAILED -> "the key, the key vault or the CMK app's setup is wrong; this name cannot be used again"
                        + " (submit --retry picks a new one)";
                case UNKNOWN -> "a job status this tool does not know";
            };
        }
        if (this instanceof NotFound) {
            return "no configuration of this name for this organisation in this region";
        }
        return this instanceof Failed failed ? "the look-up failed: " + failed.why() : ((Skipped) this).why();
    }
}
