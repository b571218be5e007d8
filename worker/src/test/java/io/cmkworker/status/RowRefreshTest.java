package io.cmkworker.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.platform.PlatformModel.ConfigData;
import io.cmkworker.platform.PlatformModel.ConfigStatus;
import io.cmkworker.submit.Org;
import io.cmkworker.submit.Result;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowRefreshTest {

    static final String KEY = "https://vault1.vault.azure.net/keys/cmk-key-1";
    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aRowThatTimedOutWhileItsJobRanTakesTheCompletionTheJobReachedSince() {
        Result row = row("TIMED_OUT", "the deadline passed", "check the consent");

        Refreshed r = RowRefresh.of(row, found("COMPLETED", KEY + "/0123456789abcdef0123456789abcdef"), AT);

        assertThat(r.changed()).isTrue();
        assertThat(r.after().status()).isEqualTo("COMPLETED");
        assertThat(r.after().jobStatus()).isEqualTo("COMPLETED");
        assertThat(r.after().reason()).startsWith("status at 2026-12-02T10:00:00Z: the Platform reports COMPLETED");
        assertThat(r.after().hint()).isEmpty();
        assertThat(r.after().requestId()).isEqualTo(row.requestId());
        assertThat(r.after().org()).isEqualTo(row.org());
        assertThat(r.note()).startsWith("was TIMED_OUT; COMPLETED: the key vault and key name are in the datastores");
    }

    @Test
    void aPendingRowWhoseJobFailedBecomesFailedAndKeepsItsHint() {
        Refreshed r = RowRefresh.of(row("PENDING", "no outcome arrived", ""), found("FAILED", KEY), AT);

        assertThat(r.after().status()).isEqualTo("FAILED");
        assertThat(r.note()).startsWith("was PENDING; FAILED: the key, the key vault or the CMK app's setup is wrong");
    }

    @Test
    void aJobStillRunningUpdatesOnlyTheJobStatus() {
        Result row = row("PENDING", "no outcome arrived", "");

        Refreshed r = RowRefresh.of(row, found("UPDATE_EXISTING_RESOURCES", KEY), AT);

        assertThat(r.changed()).isFalse();
        assertThat(r.after()).isEqualTo(new Result(row.org(), row.requestId(), "PENDING", false,
                "UPDATE_EXISTING_RESOURCES", "no outcome arrived", "", "", ""));
        assertThat(r.note()).startsWith("UPDATE_EXISTING_RESOURCES: the Platform is adding");
    }

    @Test
    void aConfigurationHoldingAnotherKeyLeavesTheRowAsItWas() {
        Result row = row("ERROR", "a configuration named 'cmk-config-1' already exists", "");

        Refreshed r = RowRefresh.of(row, found("COMPLETED", "https://other.vault.azure.net/keys/k"), AT);

        assertThat(r.after()).isEqualTo(row);
        assertThat(r.note()).isEqualTo("configuration 'cmk-config-1' holds another key (other.vault.azure.net, key k):"
                + " not the one this row asked for");
    }

    @Test
    void noConfigurationOrAFailedLookUpLeaveTheRowAsItWas() {
        Result row = row("TIMED_OUT", "the deadline passed", "");

        assertThat(RowRefresh.of(row, new LookedUp.NotFound(), AT).after()).isEqualTo(row);
        Refreshed failed = RowRefresh.of(row, new LookedUp.Failed("POST /ims/token/v3 answered HTTP 401"), AT);
        assertThat(failed.after()).isEqualTo(row);
        assertThat(failed.note()).isEqualTo("the look-up failed: POST /ims/token/v3 answered HTTP 401");
        assertThat(failed.lookup().label()).isEqualTo("LOOKUP_FAILED");
    }

    @Test
    void rowsThatNeverReachedThePlatformOrNameNoConfigurationAreNotLookedUp() {
        assertThat(RowRefresh.skip(row("INVALID", "not published", ""))).map(LookedUp::meaning)
                .contains("not looked up: never published (INVALID)");
        assertThat(RowRefresh.skip(row("REJECTED", "", ""))).isPresent();
        Result badRegion = new Result(new Org(3, "ABC@AdobeOrg", "MARS1", "c", KEY, "it", "", Map.of(), 1), "r",
                "PENDING", false, null, null, null, null, null);
        assertThat(RowRefresh.skip(badRegion)).map(LookedUp::meaning)
                .contains("not looked up: region 'MARS1' is not one of VA7, NLD2, AUS5");
        Result dotDot = new Result(new Org(4, "ABC@AdobeOrg", "VA7", "..", KEY, "it", "", Map.of(), 1), "r",
                "PENDING", false, null, null, null, null, null);
        assertThat(RowRefresh.skip(dotDot)).isPresent();
        assertThat(RowRefresh.skip(row("FAILED", "", ""))).isEmpty();
    }

    static Result row(String status, String reason, String hint) {
        return new Result(new Org(2, "ABCDEF0000000000000000A1@AdobeOrg", "VA7", "cmk-config-1", KEY, "it", "",
                Map.of("team", "blue"), 1), "cmk-0001", status, false, null, reason, hint, "", "");
    }

    static LookedUp.Found found(String status, String key) {
        return new LookedUp.Found(new ConfigStatus("acp-app", "BYOK_CONFIG", status, new ConfigData(
                "https://vault1.vault.azure.net", key, null, "cmk-key-1", "AZURE_KEYVAULT"),
                "ABCDEF0000000000000000A1@AdobeOrg", "sub-1", "config-id-1", "BYOK_KEY"));
    }
}
