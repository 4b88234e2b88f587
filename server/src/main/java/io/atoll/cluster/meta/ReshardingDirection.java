package io.atoll.cluster.meta;

/** Whether a resharding adds a shard or removes the last one, with Qdrant's API names. */
public enum ReshardingDirection {
    UP("up"),
    DOWN("down");

    private final String apiName;

    ReshardingDirection(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** The direction with this API name; null when there is none. */
    public static ReshardingDirection byApiName(String name) {
        for (ReshardingDirection d : values()) {
            if (d.apiName.equals(name)) {
                return d;
            }
        }
        return null;
    }
}
