package io.atoll.shard.engine;

import static io.atoll.shard.engine.EngineFixtures.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.filter.PayloadMatcher;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.routing.ShardRouter;
import io.atoll.schema.Distance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1: the ring condition coordinators add to each shard's reads while a resharding runs. Over one engine holding
 * every point, the reads of the ring's shards partition the points: each point is counted, scrolled and found by
 * exactly one shard, the one the router gives, and the engine agrees with the in-memory matcher.
 */
class RingFilterTest {
    @TempDir
    Path dir;

    @Test
    void theShardsOfARingPartitionThePoints() throws Exception {
        List<Integer> ring = List.of(0, 1, 2, 5);
        ShardRouter router = new ShardRouter(ring);
        try (LuceneShardEngine e = new LuceneShardEngine(dir, EngineFixtures.params(2, Distance.EUCLID), null, 0)) {
            List<PointStruct> points = new ArrayList<>();
            for (long i = 1; i <= 500; i++) {
                points.add(point(i, new float[] {i, 1}, "{}"));
            }
            e.apply(1, new ShardOperation.Upsert(points));
            e.apply(2, new ShardOperation.Delete(List.of(PointId.of(7))));
            e.refresh();
            long total = 0;
            Set<PointId> seen = new HashSet<>();
            for (int shard : ring) {
                Filter f = Filter.allOf(new Condition.InRing(ring, shard));
                long n = e.count(f);
                total += n;
                List<PointId> foreign = e.matchingIds(Filter.EMPTY.withMustNot(new Condition.InRing(ring, shard)));
                assertEquals(499 - n, foreign.size(), "the points shard " + shard + " does not own");
                assertTrue(foreign.stream().noneMatch(id -> router.shardOf(id) == shard));
                List<ScoredPoint> page = e.scroll(new ScrollQuery(f, null, 1000, PayloadSelector.NONE,
                        VectorSelector.NONE)).points();
                assertEquals(n, page.size());
                for (ScoredPoint p : page) {
                    assertEquals(shard, router.shardOf(p.id()), "point " + p.id() + " read from shard " + shard);
                    assertTrue(PayloadMatcher.matches(new Condition.InRing(ring, shard), p.id(), null));
                    assertTrue(seen.add(p.id()), "point " + p.id() + " read twice");
                }
                List<ScoredPoint> near = e.search(new VectorQuery(PointStruct.DEFAULT_VECTOR, new float[] {0, 1}, f,
                        1000, 0, null, null, true, PayloadSelector.NONE, VectorSelector.NONE, Set.of(), null, null));
                assertEquals(n, near.size(), "search keeps the same points");
            }
            assertEquals(499, total, "every live point once");
            assertEquals(499, seen.size());
        }
    }
}
