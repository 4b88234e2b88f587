package io.atoll.shard.engine;

import io.atoll.query.VectorQuery;
import static io.atoll.shard.engine.EngineFixtures.json;
import static io.atoll.shard.engine.EngineFixtures.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.schema.Distance;
import io.atoll.operation.ShardOperation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point versions make operations idempotent and order-proof, which replay and replication depend on. */
class VersioningTest {
    @TempDir
    Path dir;

    private LuceneShardEngine open() throws Exception {
        return new LuceneShardEngine(dir, EngineFixtures.params(2, Distance.EUCLID), null, 0);
    }

    private static ScoredPoint get(ShardEngine e, long id) throws Exception {
        e.refresh();
        List<ScoredPoint> r = e.retrieve(List.of(PointId.of(id)), PayloadSelector.ALL, VectorSelector.ALL);
        return r.isEmpty() ? null : r.getFirst();
    }

    @Test
    void anOlderOperationDoesNotOverwriteANewerOne() throws Exception {
        try (LuceneShardEngine e = open()) {
            e.apply(5, new ShardOperation.Upsert(List.of(point(1, new float[]{1, 1}, "{\"v\":5}"))));
            e.apply(3, new ShardOperation.Upsert(List.of(point(1, new float[]{0, 0}, "{\"v\":3}"))));
            ScoredPoint p = get(e, 1);
            assertEquals(5, p.version());
            assertEquals(5, p.payload().get("v").asInt());
        }
    }

    @Test
    void applyingTheSameOperationTwiceChangesNothing() throws Exception {
        try (LuceneShardEngine e = open()) {
            ShardOperation.SetPayload set = new ShardOperation.SetPayload(List.of(PointId.of(1)), json("{\"n\":1}"), null);
            e.apply(1, new ShardOperation.Upsert(List.of(point(1, new float[]{1, 1}, "{\"a\":true}"))));
            e.apply(2, set);
            e.apply(2, set);
            e.apply(1, new ShardOperation.Upsert(List.of(point(1, new float[]{1, 1}, "{\"a\":true}"))));
            ScoredPoint p = get(e, 1);
            assertEquals(2, p.version());
            assertEquals("{\"a\":true,\"n\":1}", p.payload().toString());
            assertEquals(1, e.count(Filter.EMPTY));
        }
    }

    @Test
    void aTombstoneStopsAnOlderUpsertFromResurrectingAPoint() throws Exception {
        try (LuceneShardEngine e = open()) {
            e.apply(1, new ShardOperation.Upsert(List.of(point(7, new float[]{1, 1}, "{}"))));
            e.apply(4, new ShardOperation.Delete(List.of(PointId.of(7))));
            e.apply(2, new ShardOperation.Upsert(List.of(point(7, new float[]{2, 2}, "{}"))));
            assertNull(get(e, 7));
            assertFalse(e.exists(PointId.of(7)));
            e.apply(5, new ShardOperation.Upsert(List.of(point(7, new float[]{3, 3}, "{}"))));
            assertTrue(e.exists(PointId.of(7)));
            assertEquals(5, get(e, 7).version());
        }
    }

    @Test
    void versionsAndTombstonesSurviveAReopen() throws Exception {
        try (LuceneShardEngine e = open()) {
            e.apply(1, new ShardOperation.Upsert(List.of(point(1, new float[]{1, 1}, "{}"), point(2, new float[]{2, 2}, "{}"))));
            e.apply(2, new ShardOperation.Delete(List.of(PointId.of(2))));
        }
        try (LuceneShardEngine e = open()) {
            assertEquals(2, e.appliedSeq());
            assertEquals(2, e.committedSeq());
            e.apply(1, new ShardOperation.Upsert(List.of(point(2, new float[]{9, 9}, "{}"))));
            assertFalse(e.exists(PointId.of(2)), "the tombstone's version outlives the reopen");
            assertEquals(1, e.count(Filter.EMPTY));
        }
    }

    @Test
    void searchNeverReturnsDeletedOrReplacedVersions() throws Exception {
        try (LuceneShardEngine e = open()) {
            e.apply(1, new ShardOperation.Upsert(List.of(point(1, new float[]{0, 0}, "{}"), point(2, new float[]{5, 5}, "{}"))));
            e.apply(2, new ShardOperation.Delete(List.of(PointId.of(1))));
            e.apply(3, new ShardOperation.Upsert(List.of(point(2, new float[]{9, 9}, "{\"v\":3}"))));
            e.refresh();
            List<ScoredPoint> hits = e.search(new VectorQuery("", new float[]{0, 0}, Filter.EMPTY, 10, 0, null, null,
                    false, PayloadSelector.ALL, VectorSelector.NONE, java.util.Set.of(), null, null));
            assertEquals(1, hits.size(), hits.toString());
            assertEquals(PointId.of(2), hits.getFirst().id());
            assertEquals(3, hits.getFirst().version());
            assertEquals((float) Math.sqrt(162), hits.getFirst().score(), 1e-3);
        }
    }

    @Test
    void replacedVersionsNeverMatchFiltersOrExactSearch() throws Exception {
        try (LuceneShardEngine e = open()) {
            // Point 2 keeps the first segment alive (Lucene drops segments whose documents are all deleted).
            e.apply(1, new ShardOperation.Upsert(List.of(point(1, new float[]{0, 0}, "{\"city\":\"Berlin\"}"),
                    point(2, new float[]{5, 5}, "{\"city\":\"Berlin\"}"))));
            e.refresh();
            e.apply(2, new ShardOperation.Upsert(List.of(point(1, new float[]{1, 1}, "{\"city\":\"Paris\"}"))));
            e.refresh();
            Filter berlin = Filter.allOf(new io.atoll.filter.Condition.MatchValue("city", "Berlin"));
            assertEquals(List.of(PointId.of(2)), e.matchingIds(berlin), "the replaced Berlin version must not match");
            List<ScoredPoint> exact = e.search(new VectorQuery("", new float[]{0, 0}, Filter.EMPTY, 10, 0, null, null,
                    true, PayloadSelector.ALL, VectorSelector.NONE, java.util.Set.of(), null, null));
            assertEquals(2, exact.size(), exact.toString());
            assertEquals("Paris", exact.getFirst().payload().get("city").asText());
        }
    }

    @Test
    void modifyingAMissingPointIsANoOp() throws Exception {
        try (LuceneShardEngine e = open()) {
            e.apply(1, new ShardOperation.ClearPayload(List.of(PointId.of(42))));
            assertFalse(e.exists(PointId.of(42)));
            assertEquals(0, e.count(Filter.EMPTY));
        }
    }

    @Test
    void aReadModifyWriteSeesAnUnrefreshedWrite() throws Exception {
        try (LuceneShardEngine e = open()) {
            e.apply(1, new ShardOperation.Upsert(List.of(point(1, new float[]{1, 1}, "{\"a\":1}"))));
            e.apply(2, new ShardOperation.SetPayload(List.of(PointId.of(1)), json("{\"b\":2}"), null));
            e.apply(3, new ShardOperation.DeletePayloadKeys(List.of(PointId.of(1)), List.of("a")));
            assertEquals("{\"b\":2}", get(e, 1).payload().toString());
        }
    }
}
