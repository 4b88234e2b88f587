package io.atoll.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.point.PointId;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardRouterTest {
    private static PointId id(int i) {
        return i % 2 == 0 ? PointId.of(i) : PointId.of(new UUID(i * 0x9E3779B97F4A7C15L, i));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 8, 13})
    void growingByOneShardMovesOnlyPointsIntoTheNewShard(int shards) {
        ShardRouter before = new ShardRouter(shards);
        ShardRouter after = new ShardRouter(shards + 1);
        int moved = 0;
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            int a = before.shardOf(id(i));
            int b = after.shardOf(id(i));
            if (a != b) {
                assertEquals(shards, b, "a point may only move to the new shard");
                moved++;
            }
        }
        double expected = (double) n / (shards + 1);
        assertTrue(Math.abs(moved - expected) < expected * 0.1, "moved " + moved + ", expected about " + expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 6})
    void pointsSpreadEvenlyOverShards(int shards) {
        ShardRouter r = new ShardRouter(shards);
        int[] counts = new int[shards];
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            counts[r.shardOf(id(i))]++;
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - n / shards) < n / shards * 0.1, "uneven: " + java.util.Arrays.toString(counts));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7})
    void routingIsStable(int shards) {
        ShardRouter r = new ShardRouter(shards);
        for (int i = 0; i < 1000; i++) {
            assertEquals(r.shardOf(id(i)), new ShardRouter(shards).shardOf(id(i)));
        }
    }
}
