package io.atoll.collection;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.atoll.filter.Filter;
import io.atoll.operation.PointsUpdate;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import io.atoll.shard.ShardSettings;
import io.atoll.testing.InMemoryNode;
import io.atoll.testing.MiniLm;
import io.atoll.query.VectorQuery;
import io.atoll.point.VectorValue;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HNSW path finds true neighbours of real sentence embeddings (the 10k prefix of the shared MiniLM set and
 * its exact ground truth), across two shards, and exact search finds them all.
 */
class DatasetRecallTest {
    private static final int QUERIES = 200;

    @TempDir
    Path dir;

    @Test
    void recallAtTenOnTheTenThousandPrefix() throws Exception {
        List<float[]> base = MiniLm.fvecs(MiniLm.DATA.resolve("base-100k.fvecs"), 10_000);
        List<float[]> queries = MiniLm.fvecs(MiniLm.DATA.resolve("query.fvecs"), QUERIES);
        List<int[]> truth = MiniLm.ivecs(MiniLm.DATA.resolve("groundtruth-10k.ivecs"), QUERIES);
        TreeMap<String, VectorParams> vectors = new TreeMap<>();
        vectors.put(PointStruct.DEFAULT_VECTOR, new VectorParams(384, Distance.COSINE, null, false));
        CollectionParams params = new CollectionParams(vectors, false, 2, 1, 1, true, HnswConfig.DEFAULT,
                new TreeMap<>(), null, null);
        try (InMemoryNode node = new InMemoryNode(dir, new ShardSettings(false, 32 << 20, 2, 0))) {
            Collection c = node.create("recall", params);
            for (int from = 0; from < base.size(); from += 500) {
                List<PointStruct> batch = new ArrayList<>();
                for (int i = from; i < Math.min(base.size(), from + 500); i++) {
                    batch.add(new PointStruct(PointId.of(i),
                            VectorValue.dense(Map.of(PointStruct.DEFAULT_VECTOR, base.get(i))),
                            JsonNodeFactory.instance.objectNode().put("row", i)));
                }
                c.update(new PointsUpdate.Upsert(batch), false);
            }
            node.replicas().refreshAll();
            double approximate = recall(c, queries, truth, false, 128);
            double exact = recall(c, queries, truth, true, null);
            System.out.printf("recall@10 on minilm-10k: hnsw ef=128 %.4f, exact %.4f%n", approximate, exact);
            assertTrue(exact > 0.999, "exact search must find the true neighbours: " + exact);
            assertTrue(approximate > 0.95, "HNSW recall@10 too low: " + approximate);
        }
    }

    private static double recall(Collection c, List<float[]> queries, List<int[]> truth, boolean exact, Integer ef) {
        double sum = 0;
        for (int q = 0; q < queries.size(); q++) {
            List<ScoredPoint> hits = c.search(new VectorQuery(PointStruct.DEFAULT_VECTOR, queries.get(q), Filter.EMPTY, 10, 0,
                    null, ef, exact, PayloadSelector.NONE, VectorSelector.NONE, Set.of(), null, null));
            Set<Long> want = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                want.add((long) truth.get(q)[i]);
            }
            sum += hits.stream().filter(h -> want.contains(((PointId.Num) h.id()).value())).count() / 10.0;
        }
        return sum / queries.size();
    }
}
