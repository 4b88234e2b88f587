package io.atoll.shard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.point.VectorSelector;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.VectorParams;
import io.atoll.point.VectorValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1: a named vector removed and added again (same size, another generation) gets nothing of the old one from a
 * record logged before: a replay after a crash, or a replica catching up, applies it as the primary did then.
 */
class VectorGenerationsTest {
    @TempDir
    Path dir;

    private static CollectionParams params(long imageGeneration) {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put("text", new VectorParams(2, Distance.DOT, null, false));
        v.put("image", new VectorParams(2, Distance.DOT, null, false).withGeneration(imageGeneration));
        return new CollectionParams(v, true, 1, 1, 1, true, io.atoll.schema.HnswConfig.DEFAULT, new TreeMap<>(),
                null, null);
    }

    private static PointStruct point(long id) {
        return new PointStruct(PointId.of(id), VectorValue.dense(Map.of("text", new float[]{1, 0}, "image",
                new float[]{0, 1})),
                EngineFixtures.json("{}"));
    }

    @Test
    void recordsOfAFormerGenerationWriteNothingIntoTheNewOne() throws Exception {
        ShardOperation before = new ShardOperation.Upsert(List.of(point(1))).stamped(params(5));
        ShardOperation vectorsBefore = new ShardOperation.UpdateVectors(List.of(new PointVectors(PointId.of(2),
                VectorValue.dense(Map.of("image", new float[]{1, 1}))))).stamped(params(5));
        assertEquals(Map.of("image", 5L), ((ShardOperation.Upsert) before).generations());
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params(9), null, 0)) {
            e.apply(1, before);
            e.apply(2, new ShardOperation.Upsert(List.of(point(2))).stamped(params(9)));
            e.apply(3, vectorsBefore);
            e.refresh();
            var found = e.retrieve(List.of(PointId.of(1), PointId.of(2)), PayloadSelector.NONE, VectorSelector.ALL);
            assertEquals(Set.of("text"), found.get(0).vectors().keySet(), "the former image is not the current one");
            assertEquals(Set.of("text", "image"), found.get(1).vectors().keySet());
            assertEquals(1f, found.get(1).vectors().get("image").asDense()[1],
                    "the later update of the former image did nothing");
            assertEquals(0f, found.get(1).vectors().get("image").asDense()[0]);
        }
    }

    @Test
    void collectionsWithoutAddedVectorsLogNoGenerations() {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put("text", new VectorParams(2, Distance.DOT, null, false));
        CollectionParams p = new CollectionParams(v, true, 1, 1, 1, true, io.atoll.schema.HnswConfig.DEFAULT,
                new TreeMap<>(), null, null);
        ShardOperation op = new ShardOperation.Upsert(List.of(point(1)));
        assertEquals(op, op.stamped(p));
        assertEquals(op, op.current(p));
    }
}
