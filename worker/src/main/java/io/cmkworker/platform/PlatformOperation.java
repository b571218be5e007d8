package io.cmkworker.platform;

/** The HTTP calls the worker makes, for error messages and metrics. */
public enum PlatformOperation {
    IMS_TOKEN("POST /ims/token/v3"),
    APP_REGISTRATION("GET /data/infrastructure/manager/byok/app-registration"),
    CREATE_CONFIG("POST /data/infrastructure/manager/customer/config"),
    GET_CONFIG("GET /data/infrastructure/manager/customer/config/{name}");

    private final String description;

    PlatformOperation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
