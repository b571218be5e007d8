package io.cmkworker.status;

import io.cmkworker.listing.Column;
import io.cmkworker.platform.PlatformModel.ConfigData;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The columns {@code status} prints: of one configuration, or of the rows of a results file. */
public final class StatusColumns {

    /** One organisation's configuration: where it stands, which key it holds, and what its status means. */
    public static final List<Column<Refreshed>> ONE = List.of(
            Column.everywhere("orgId", 34, r -> r.before().org().orgId()),
            Column.everywhere("region", 6, r -> r.before().org().region()),
            Column.everywhere("configName", 24, r -> r.before().org().configName()),
            Column.everywhere("jobStatus", 26, r -> r.lookup().label()),
            Column.table("key", 64, r -> data(r, ConfigData::keyVaultKeyIdentifier)),
            Column.data("keyVaultUri", r -> data(r, ConfigData::keyVaultUri)),
            Column.data("keyName", r -> data(r, ConfigData::keyName)),
            Column.data("keyVaultKeyIdentifier", r -> data(r, ConfigData::keyVaultKeyIdentifier)),
            Column.data("configId", r -> config(r).map(ConfigStatus::id).orElse(null)),
            Column.data("subscriptionId", r -> config(r).map(ConfigStatus::subscriptionId).orElse(null)),
            Column.everywhere("meaning", 120, r -> r.lookup().meaning()));

    /** Each row of a results file: its status now and before, the Platform's, and a note. */
    public static final List<Column<Refreshed>> ROWS = List.of(
            Column.everywhere("line", 5, r -> r.before().org().line()),
            Column.data("requestId", r -> r.before().requestId()),
            Column.everywhere("orgId", 34, r -> r.before().org().orgId()),
            Column.data("region", r -> r.before().org().region()),
            Column.everywhere("configName", 24, r -> r.before().org().configName()),
            Column.data("credentialRef", r -> r.before().org().credentialRef()),
            Column.data("keyVaultKeyIdentifier", r -> r.before().org().keyVaultKeyIdentifier()),
            Column.everywhere("status", 10, r -> r.after().status()),
            Column.table("was", 10, r -> r.changed() ? r.before().status() : ""),
            Column.data("previousStatus", r -> r.before().status()),
            Column.everywhere("jobStatus", 26, r -> r.lookup().label()),
            Column.data("configId", r -> config(r).map(ConfigStatus::id).orElse(null)),
            Column.everywhere("note", 140, Refreshed::note));

    private StatusColumns() {
    }

    private static Optional<ConfigStatus> config(Refreshed r) {
        return r.lookup() instanceof LookedUp.Found found ? Optional.of(found.config()) : Optional.empty();
    }

    private static String data(Refreshed r, Function<ConfigData, String> field) {
        return config(r).map(ConfigStatus::configData).map(field).orElse(null);
    }
}
