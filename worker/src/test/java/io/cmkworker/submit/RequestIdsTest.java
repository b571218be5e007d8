package io.cmkworker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    static final String KEY = "https://acme-vault.vault.azure.net/keys/cmk-key";
    private static final String PINNED = "cmk-239f1d15941ba663e1027d326f637638";

    static Org org(int line, String orgId, String configName, String key) {
        return new Org(line, orgId, "VA7", configName, key, "main", "", Map.of(), 1);
    }

    @Test
    void theSameContentGivesTheSameIdWhateverTheLineMetadataOrCaseOfRegionAndKey() {
        Org a = org(2, "0123456789ABCDEF01234567@AdobeOrg", "cfg", KEY);
        Org b = new Org(900, "0123456789ABCDEF01234567@AdobeOrg", "va7", "cfg", KEY.toUpperCase().replace("HTTPS", "https"),
                "main", "48h", Map.of("team", "blue"), 1);

        assertThat(RequestIds.of(a)).isEqualTo(RequestIds.of(b)).matches("cmk-[0-9a-f]{32}");
        // pinned: IDs published once must be derived the same way by every later version
        assertThat(RequestIds.of(a)).isEqualTo(PINNED);
    }

    @Test
    void anyChangeOfWhatIsAskedOrOfTheAttemptGivesANewId() {
        Org base = org(2, "0123456789ABCDEF01234567@AdobeOrg", "cfg", KEY);
        String id = RequestIds.of(base);

        assertThat(RequestIds.of(org(2, "0123456789ABCDEF01234568@AdobeOrg", "cfg", KEY))).isNotEqualTo(id);
        assertThat(RequestIds.of(org(2, "0123456789ABCDEF01234567@AdobeOrg", "Cfg", KEY))).as("names are case-sensitive")
                .isNotEqualTo(id);
        assertThat(RequestIds.of(org(2, "0123456789ABCDEF01234567@AdobeOrg", "cfg", KEY + "2"))).isNotEqualTo(id);
        assertThat(RequestIds.of(new Org(2, base.orgId(), "NLD2", "cfg", KEY, "main", "", Map.of(), 1))).isNotEqualTo(id);
        assertThat(RequestIds.of(new Org(2, base.orgId(), "VA7", "cfg", KEY, "other", "", Map.of(), 1))).isNotEqualTo(id);
        assertThat(RequestIds.of(base.retry("cfg"))).isNotEqualTo(id);
    }
}
