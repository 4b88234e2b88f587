package io.atoll.schema;

/**
 * How a collection's points find their shards (Qdrant's {@code sharding_method}): by hash over all its shards, or
 * by the shard key each write names, each key with shards of its own created and dropped by the user.
 */
public enum ShardingMethod {
    AUTO, CUSTOM;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
