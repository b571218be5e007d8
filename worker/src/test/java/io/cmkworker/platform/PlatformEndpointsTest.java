package io.cmkworker.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cmkworker.domain.Region;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformEndpointsTest {

    private final PlatformEndpoints regional = new PlatformEndpoints(Optional.empty());

    @Test
    void eachRegionCallsItsOwnHost() {
        assertThat(regional.createConfig(Region.VA7))
                .isEqualTo(URI.create("https://platform.adobe.io/data/infrastructure/manager/customer/config"));
        assertThat(regional.createConfig(Region.NLD2))
                .isEqualTo(URI.create("https://platform-nld2.adobe.io/data/infrastructure/manager/customer/config"));
        assertThat(regional.createConfig(Region.AUS5))
                .isEqualTo(URI.create("https://platform-aus5.adobe.io/data/infrastructure/manager/customer/config"));
        assertThat(regional.host(Region.NLD2)).isEqualTo("platform-nld2.adobe.io");
    }

    @Test
    void appRegistrationUrlUsesTheRegionHost() {
        assertThat(regional.appRegistration(Region.AUS5)).isEqualTo(
                URI.create("https://platform-aus5.adobe.io/data/infrastructure/manager/byok/app-registration"));
    }

    @Test
    void statusUrlNamesTheConfigAndItsType() {
        URI uri = regional.configStatus(Region.VA7, "acme-cmk");

        assertThat(uri).isEqualTo(URI.create("https://platform.adobe.io/data/infrastructure/manager/customer/config/"
                + "acme-cmk?configType=BYOK_CONFIG"));
        assertThat(uri.getQuery()).isEqualTo("configType=BYOK_CONFIG");
    }

    @Test
    void overrideReplacesTheHostOfEveryRegion() {
        PlatformEndpoints sandbox = new PlatformEndpoints(Optional.of(URI.create("http://localhost:8080")));

        for (Region region : Region.values()) {
            assertThat(sandbox.createConfig(region))
                    .isEqualTo(URI.create("http://localhost:8080/data/infrastructure/manager/customer/config"));
            assertThat(sandbox.host(region)).isEqualTo("localhost");
        }
    }

    @Test
    void overrideWithTrailingSlashGivesNoDoubleSlash() {
        PlatformEndpoints sandbox = new PlatformEndpoints(Optional.of(URI.create("http://localhost:8080/")));

        assertThat(sandbox.appRegistration(Region.VA7))
                .isEqualTo(URI.create("http://localhost:8080/data/infrastructure/manager/byok/app-registration"));
        assertThat(sandbox.configStatus(Region.VA7, "c1")).isEqualTo(URI.create(
                "http://localhost:8080/data/infrastructure/manager/customer/config/c1?configType=BYOK_CONFIG"));
    }

    @Test
    void overrideWithABasePathKeepsIt() {
        PlatformEndpoints proxied = new PlatformEndpoints(Optional.of(URI.create("https://gw.example/adobe/")));

        assertThat(proxied.createConfig(Region.VA7))
                .isEqualTo(URI.create("https://gw.example/adobe/data/infrastructure/manager/customer/config"));
    }

    @Test
    void configNameIsOnePathSegment() {
        URI uri = regional.configStatus(Region.VA7, "a/b c");

        assertThat(uri.getRawPath()).isEqualTo("/data/infrastructure/manager/customer/config/a%2Fb%20c");
        assertThat(uri.getRawQuery()).isEqualTo("configType=BYOK_CONFIG");
    }

    @Test
    void configNameCannotAddQueryOrFragmentOrClimbThePath() {
        URI uri = regional.configStatus(Region.VA7, "../x?configType=OTHER#frag");

        assertThat(uri.getHost()).isEqualTo("platform.adobe.io");
        assertThat(uri.getRawPath())
                .isEqualTo("/data/infrastructure/manager/customer/config/..%2Fx%3FconfigType%3DOTHER%23frag");
        assertThat(uri.getRawQuery()).isEqualTo("configType=BYOK_CONFIG");
        assertThat(uri.getRawFragment()).isNull();
    }

    @Test
    void configNameIsEncodedAsUtf8() {
        assertThat(PlatformEndpoints.encodePathSegment("café")).isEqualTo("caf%C3%A9");
        assertThat(PlatformEndpoints.encodePathSegment("日本")).isEqualTo("%E6%97%A5%E6%9C%AC");
        assertThat(PlatformEndpoints.encodePathSegment("😀")).isEqualTo("%F0%9F%98%80");
        assertThat(regional.configStatus(Region.VA7, "café").getPath())
                .isEqualTo("/data/infrastructure/manager/customer/config/café");
    }

    @Test
    void unreservedCharactersStayAsTheyAre() {
        assertThat(PlatformEndpoints.encodePathSegment("AZaz09-._~")).isEqualTo("AZaz09-._~");
        assertThat(PlatformEndpoints.encodePathSegment("a+b%c&d=e")).isEqualTo("a%2Bb%25c%26d%3De");
    }
}
