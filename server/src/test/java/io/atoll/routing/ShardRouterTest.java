package io.atoll.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.point.PointId;
import java.util.List;
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
        ShardRouter before = ShardRouter.contiguous(shards);
        ShardRouter after = ShardRouter.contiguous(shards + 1);
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
        ShardRouter r = ShardRouter.contiguous(shards);
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
        ShardRouter r = ShardRouter.contiguous(shards);
        for (int i = 0; i < 1000; i++) {
            assertEquals(r.shardOf(id(i)), ShardRouter.contiguous(shards).shardOf(id(i)));
        }
    }

    /**
     * Rings are lists of shard ids, not counts: appending a shard with any id moves only the points that now land
     * on it, and dropping the last one moves only its own points, which spread over the others.
     */
    @org.junit.jupiter.api.Test
    void ringsOfShardIdsMoveOnlyTheOneShardsPoints() {
        ShardRouter three = new ShardRouter(List.of(0, 1, 2));
        ShardRouter grown = new ShardRouter(List.of(0, 1, 2, 7));
        int[] lostBy = new int[3];
        for (int i = 0; i < 20_000; i++) {
            int a = three.shardOf(id(i));
            int b = grown.shardOf(id(i));
            assertTrue(a == b || b == 7, "point " + i + " moved from " + a + " to " + b);
            if (b == 7) {
                lostBy[a]++;
            }
            ShardRouter shrunk = new ShardRouter(List.of(0, 1));
            int c = shrunk.shardOf(id(i));
            assertTrue(a == 2 ? c != 2 : c == a, "shrinking moves only shard 2's points");
        }
        for (int n : lostBy) {
            assertTrue(n > 20_000 / 4 / 3 * 0.8, "each old shard gives some: " + java.util.Arrays.toString(lostBy));
        }
    }
}
