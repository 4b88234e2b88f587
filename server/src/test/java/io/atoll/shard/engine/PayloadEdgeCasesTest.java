package io.atoll.shard.engine;

import static io.atoll.shard.engine.EngineFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorSelector;
import io.atoll.schema.Distance;
import io.atoll.operation.ShardOperation;
import io.atoll.point.VectorValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Payload shapes that once made Lucene refuse a document or a payload path throw, now stored and applied. */
class PayloadEdgeCasesTest {
    @TempDir
    Path dir;

    @Test
    void aKeyLongerThanALuceneTermIsStoredButNotIndexed() throws Exception {
        String longKey = "k".repeat(40_000);
        var payload = EngineFixtures.JSON.createObjectNode();
        payload.put(longKey, "v");
        payload.putNull(longKey + "2");
        payload.put("city", "Oslo");
        try (LuceneShardEngine e = new LuceneShardEngine(dir, EngineFixtures.params(2, Distance.DOT), null, 0)) {
            e.apply(1, new ShardOperation.Upsert(List.of(new PointStruct(PointId.of(1),
                    VectorValue.dense(Map.of("", new float[]{1, 0})), payload))));
            e.refresh();
            var stored = e.retrieve(List.of(PointId.of(1)), PayloadSelector.ALL, VectorSelector.NONE).getFirst().payload();
            assertEquals("v", stored.get(longKey).asText());
            assertEquals(1, e.count(Filter.allOf(new io.atoll.filter.Condition.MatchValue("city", "Oslo"))));
        }
    }

    @Test
    void keysWithoutAnyPathSegmentChangeNothingInsteadOfFailing() throws Exception {
        try (LuceneShardEngine e = new LuceneShardEngine(dir, EngineFixtures.params(2, Distance.DOT), null, 0)) {
            e.apply(1, new ShardOperation.Upsert(List.of(EngineFixtures.point(1, new float[]{1, 0}, "{\"a\":1}"))));
            e.apply(2, new ShardOperation.DeletePayloadKeys(List.of(PointId.of(1)), List.of(".")));
            e.apply(3, new ShardOperation.SetPayload(List.of(PointId.of(1)), json("{\"b\":2}"), "."));
            e.refresh();
            var stored = e.retrieve(List.of(PointId.of(1)), PayloadSelector.ALL, VectorSelector.NONE).getFirst();
            assertEquals("{\"a\":1,\"b\":2}", stored.payload().toString());
            assertEquals(3, stored.version());
        }
    }
}
