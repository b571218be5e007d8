package io.cmkworker.platform;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON bodies of the Platform's CMK endpoints, as the reference documents them. Unknown fields
 * are ignored so the Platform may add to them.
 */
public final class PlatformModel {

    private PlatformModel() {
    }

    /** Response of {@code GET /byok/app-registration}: the consent URL of Adobe's CMK app. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AppRegistration(String id, String name, String applicationUri, String applicationId,
                                  String applicationRedirectUrl) {
    }

    /** Body of {@code POST /customer/config}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewConfig(String name, String type, String imsOrgId, NewConfigData configData) {
        public static NewConfig byok(String name, String orgId, String keyVaultKeyIdentifier) {
            return new NewConfig(name, "BYOK_CONFIG", orgId, new NewConfigData("AZURE_KEYVAULT", keyVaultKeyIdentifier));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewConfigData(String providerType, String keyVaultKeyIdentifier) {
    }

    /** The {@code configData} the Platform returns: it stores the vault and key name, not the version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfigData(String keyVaultUri, String keyVaultKeyIdentifier, String keyVersion, String keyName,
                             String providerType) {
    }

    /** Response of {@code POST /customer/config}: the job that was started. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfigJob(String id, JobConfig config, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobConfig(ConfigData configData, String name, String type, String imsOrgId, String status) {
    }

    /** Response of {@code GET /customer/config/{name}?configType=BYOK_CONFIG}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfigStatus(String name, String type, String status, ConfigData configData, String imsOrgId,
                               String subscriptionId, String id, String rowType) {
    }
}
