package io.atoll.shard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.point.VectorValue;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.MultiVectorConfig;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorDatatype;
import io.atoll.schema.VectorParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sparse vectors and multivectors kept beside dense ones through every change a point goes through. */
class SparseAndMultiVectorStorageTest {
    private static final VectorValue DENSE = VectorValue.of(new float[] {1, 0});
    private static final VectorValue SPARSE = new VectorValue.Sparse(new int[] {-1, 7, 3}, new float[] {1.5f, 2, -3});
    private static final VectorValue MULTI = new VectorValue.Multi(new float[][] {{1, 2}, {3, 4}, {5, 6}});

    @TempDir
    Path dir;

    static CollectionParams params(long sparseGeneration) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put("d", new VectorParams(2, Distance.DOT, null, false));
        v.put("m", new VectorParams(2, Distance.DOT, null, false, null, 0, VectorDatatype.FLOAT32, null,
                MultiVectorConfig.MAX_SIM));
        TreeMap<String, SparseVectorParams> s = new TreeMap<>();
        s.put("s", new SparseVectorParams(null, null, sparseGeneration));
        return new CollectionParams(v, true, 1, 1, 1, true, HnswConfig.DEFAULT, new TreeMap<>(), null, null)
                .withSparseVectors(s);
    }

    private static PointStruct point(long id) {
        return new PointStruct(PointId.of(id), Map.of("d", DENSE, "s", SPARSE, "m", MULTI),
                EngineFixtures.json("{\"k\":" + id + "}"));
    }

    private static Map<String, VectorValue> vectors(LuceneShardEngine e, long id) throws Exception {
        List<ScoredPoint> found = e.retrieve(List.of(PointId.of(id)), PayloadSelector.NONE, VectorSelector.ALL);
        return found.isEmpty() ? null : found.getFirst().vectors();
    }

    private static long count(LuceneShardEngine e, String vector) throws Exception {
        return e.count(Filter.allOf(new Condition.HasVector(vector)));
    }

    @Test
    void everyKindIsStoredAndKeptThroughPayloadAndVectorChanges() throws Exception {
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params(0), null, 0)) {
            e.apply(1, new ShardOperation.Upsert(List.of(point(1), point(2), point(3))));
            e.refresh();
            assertEquals(Map.of("d", DENSE, "s", SPARSE, "m", MULTI), vectors(e, 1), "read back as written");
            // payload changes rewrite the document from what it holds: every vector stays
            e.apply(2, new ShardOperation.SetPayload(List.of(PointId.of(1)), EngineFixtures.json("{\"x\":1}"), null));
            e.apply(3, new ShardOperation.OverwritePayload(List.of(PointId.of(2)), EngineFixtures.json("{}")));
            e.apply(4, new ShardOperation.ClearPayload(List.of(PointId.of(3))));
            e.refresh();
            for (long id = 1; id <= 3; id++) {
                assertEquals(Map.of("d", DENSE, "s", SPARSE, "m", MULTI), vectors(e, id), "point " + id);
            }
            VectorValue other = new VectorValue.Sparse(new int[] {5}, new float[] {9});
            e.apply(5, new ShardOperation.UpdateVectors(List.of(new PointVectors(PointId.of(1), Map.of("s", other)))));
            e.apply(6, new ShardOperation.DeleteVectors(List.of(PointId.of(2)), List.of("s", "m")));
            e.refresh();
            assertEquals(Map.of("d", DENSE, "s", other, "m", MULTI), vectors(e, 1), "only the named one replaced");
            assertEquals(Map.of("d", DENSE), vectors(e, 2));
            assertEquals(2, count(e, "s"), "has_vector finds sparse vectors");
            assertEquals(2, count(e, "m"), "has_vector finds multivectors");
            assertEquals(3, count(e, "d"));
        }
        // and the same after the shard is opened again from its files
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params(0), null, 0)) {
            assertEquals(Map.of("d", DENSE, "s", SPARSE, "m", MULTI), vectors(e, 3));
        }
    }

    @Test
    void vectorsAddedLaterAreKeptByWritesThatLeaveOtherAddedVectorsOut() throws Exception {
        // generations are random 63-bit numbers: compared as values, never as boxed objects
        long sparseGeneration = 1L << 40;
        TreeMap<String, VectorParams> dense = new TreeMap<>(params(sparseGeneration).vectors());
        dense.put("b", new VectorParams(2, Distance.DOT, null, false).withGeneration((1L << 41) + 3));
        CollectionParams p = params(sparseGeneration).withVectors(dense);
        ShardOperation logged = new ShardOperation.Upsert(List.of(point(1))).stamped(p);
        assertEquals(Map.of("s", sparseGeneration), ((ShardOperation.Upsert) logged).generations());
        try (LuceneShardEngine e = new LuceneShardEngine(dir, p, null, 0)) {
            e.apply(1, logged);
            e.refresh();
            assertEquals(Map.of("d", DENSE, "s", SPARSE, "m", MULTI), vectors(e, 1), "no vector b written: s stays");
        }
    }

    @Test
    void copiesCarryEveryKindAndAFormerSparseGenerationIsGone() throws Exception {
        try (LuceneShardEngine source = new LuceneShardEngine(dir.resolve("a"), params(0), null, 0);
             LuceneShardEngine target = new LuceneShardEngine(dir.resolve("b"), params(0), null, 0)) {
            source.apply(1, new ShardOperation.Upsert(List.of(point(1))));
            source.refresh();
            target.applyCopies(source.retrieve(List.of(PointId.of(1)), PayloadSelector.ALL, VectorSelector.ALL));
            target.refresh();
            assertEquals(Map.of("d", DENSE, "s", SPARSE, "m", MULTI), vectors(target, 1));
        }
        // a record logged for sparse generation 4, replayed after "s" was removed and added again (generation 8)
        ShardOperation logged = new ShardOperation.Upsert(List.of(point(1))).stamped(params(4));
        assertEquals(Map.of("s", 4L), ((ShardOperation.Upsert) logged).generations());
        try (LuceneShardEngine e = new LuceneShardEngine(dir.resolve("c"), params(8), null, 0)) {
            e.apply(1, logged);
            e.apply(2, new ShardOperation.Upsert(List.of(point(2))).stamped(params(8)));
            e.refresh();
            assertNull(vectors(e, 1).get("s"), "the former sparse vector is not the current one");
            assertEquals(SPARSE, vectors(e, 2).get("s"));
            assertEquals(1, count(e, "s"));
        }
    }
}
