package io.cmkworker.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionTest {

    @Test
    void listsExactlyTheThreeSupportedRegions() {
        assertThat(Region.values()).containsExactly(Region.VA7, Region.NLD2, Region.AUS5);
    }

    @Test
    void eachRegionHasItsFixedHost() {
        assertThat(Region.VA7.host()).isEqualTo("platform.adobe.io");
        assertThat(Region.NLD2.host()).isEqualTo("platform-nld2.adobe.io");
        assertThat(Region.AUS5.host()).isEqualTo("platform-aus5.adobe.io");
    }

    @Test
    void findsRegionIgnoringCaseButNothingAroundIt() {
        assertThat(Region.find("VA7")).contains(Region.VA7);
        assertThat(Region.find("nld2")).contains(Region.NLD2);
        assertThat(Region.find(" Aus5 ")).isEmpty();
        assertThat(Region.find("VA7\n")).isEmpty();
        assertThat(Region.find("au\u017F5")).isEmpty(); // long s upper-cases to S
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"EU1", "VA6", "platform.adobe.io", "VA7.evil.example", "NLD 2"})
    void unknownRegionIsEmpty(String code) {
        assertThat(Region.find(code)).isEmpty();
    }
}
