package io.atoll.operation;

/** Qdrant's upsert modes: what an upsert does to points that exist and to points that do not. */
public enum UpdateMode {
    /** Insert new points, update existing ones (the default). */
    UPSERT("upsert"),
    /** Insert new points; leave existing ones as they are. */
    INSERT_ONLY("insert_only"),
    /** Update existing points; insert nothing. */
    UPDATE_ONLY("update_only");

    private final String apiName;

    UpdateMode(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The mode of an API name, or null when there is none by that name. */
    public static UpdateMode byApiName(String name) {
        for (UpdateMode m : values()) {
            if (m.apiName.equals(name)) {
                return m;
            }
        }
        return null;
    }
}
