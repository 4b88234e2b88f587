package io.atoll.shard.engine;

import io.atoll.query.VectorQuery;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.schema.Distance;
import io.atoll.operation.ShardOperation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vectors up to 4096 dimensions index and search (Lucene's own format stops at 1024). */
class HighDimensionTest {
    @TempDir
    Path dir;

    @Test
    void fourThousandNinetySixDimensionsIndexSearchAndSurviveAReopen() throws Exception {
        int dim = 4096;
        Random rnd = new Random(4096);
        List<float[]> vectors = new ArrayList<>();
        List<io.atoll.point.PointStruct> points = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = rnd.nextFloat();
            }
            vectors.add(v);
            points.add(EngineFixtures.point(i, v, "{}"));
        }
        try (LuceneShardEngine e = new LuceneShardEngine(dir, EngineFixtures.params(dim, Distance.EUCLID), null, 0)) {
            e.apply(1, new ShardOperation.Upsert(points));
        }
        try (LuceneShardEngine e = new LuceneShardEngine(dir, EngineFixtures.params(dim, Distance.EUCLID), null, 0)) {
            for (int q : new int[]{0, 17, 49}) {
                List<ScoredPoint> hits = e.search(new VectorQuery("", vectors.get(q), Filter.EMPTY, 1, 0, null, null,
                        false, PayloadSelector.NONE, VectorSelector.ALL, Set.of(), null, null));
                assertEquals(PointId.of(q), hits.getFirst().id());
                assertEquals(0f, hits.getFirst().score(), 1e-3f);
                assertEquals(dim, hits.getFirst().vectors().get("").asDense().length);
            }
        }
    }
}
