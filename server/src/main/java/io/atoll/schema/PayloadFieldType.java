package io.atoll.schema;

/** The payload index types of Qdrant (field_schema). */
public enum PayloadFieldType {
    KEYWORD("keyword"), INTEGER("integer"), FLOAT("float"), BOOL("bool"), GEO("geo"), TEXT("text"),
    DATETIME("datetime"), UUID("uuid");

    private final String apiName;

    PayloadFieldType(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static PayloadFieldType fromApiName(String name) {
        for (PayloadFieldType t : values()) {
            if (t.apiName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
