package io.atoll.query;

import io.atoll.routing.ShardSelector;

/**
 * Where a query's point ids are looked up: another collection, under {@code vector} (null: the stage's vector),
 * in the shards {@code keys} names.
 */
public record LookupFrom(String collection, String vector, ShardSelector keys) {
}
