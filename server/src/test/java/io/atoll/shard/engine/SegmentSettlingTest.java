package io.atoll.shard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.operation.ShardOperation;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.testing.QdrantApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L0: how many segments a settled shard is merged into, from the collection's optimizer settings and its size;
 * and that its stats say it is optimizing (collection info's yellow) exactly while settling has work left.
 */
class SegmentSettlingTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void optimizingWhileSegmentsWaitToBeMergedOrRebuiltWithNewGraphSettings() throws Exception {
        CollectionParams params = EngineFixtures.params(4, Distance.DOT);
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params, null, 0)) {
            ShardStats empty = e.stats();
            assertFalse(empty.optimizing(), "an empty shard has nothing to optimize");
            long seq = 0;
            for (int batch = 0; batch < 3; batch++) {
                List<io.atoll.point.PointStruct> points = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    int id = batch * 20 + i;
                    points.add(EngineFixtures.point(id, new float[]{1, id, 2, 3}, "{}"));
                }
                e.apply(++seq, new ShardOperation.Upsert(points));
                e.refresh(); // a segment each
            }
            assertEquals(3, e.stats().segmentsCount());
            assertTrue(e.stats().optimizing(), "three segments wait to be merged into one");
            settle(e);
            assertEquals(1, e.stats().segmentsCount());
            assertFalse(e.stats().optimizing());

            // Qdrant rebuilds the segments whose HNSW settings differ from the collection's: so does Atoll
            e.updateParams(params.withUpdate(params.replicationFactor(), params.writeConsistencyFactor(),
                    params.onDiskPayload(), new HnswConfig(8, 50, 10_000, false), params.vectors(),
                    params.optimizersConfig(), params.quantization(), params.metadata()));
            assertTrue(e.stats().optimizing(), "the segment's graph was built with m 16");
            settle(e);
            assertFalse(e.stats().optimizing(), "rebuilt with m 8");
            assertNull(e.stats().optimizerError());
            assertEquals(60, e.stats().pointsCount());
        }
    }

    /** Settles once: after a merge the next one waits ten times as long as it took. */
    private static void settle(LuceneShardEngine e) {
        QdrantApi.await("the shard settles", Duration.ofSeconds(30), () -> {
            try {
                return e.settle(0);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    private static CollectionParams with(String optimizers) {
        CollectionParams p = EngineFixtures.params(4, Distance.DOT);
        return p.withUpdate(p.replicationFactor(), p.writeConsistencyFactor(), p.onDiskPayload(), p.hnsw(),
                p.vectors(), optimizers == null ? null : EngineFixtures.json(optimizers), p.quantization(),
                p.metadata());
    }

    @Test
    void oneSegmentUnlessTheCollectionAsksForMoreOrOneWouldBeTooLarge() {
        assertEquals(1, SegmentSettling.target(with(null), 100 * MB, 5_000 * MB));
        assertEquals(1, SegmentSettling.target(with("{\"default_segment_number\": 0}"), 100 * MB, 5_000 * MB),
                "0 is Qdrant's automatic choice");
        assertEquals(3, SegmentSettling.target(with("{\"default_segment_number\": 3}"), 100 * MB, 5_000 * MB));
        assertEquals(3, SegmentSettling.target(with(null), 12_000 * MB, 5_000 * MB), "the merge policy's cap");
        assertEquals(4, SegmentSettling.target(with("{\"max_segment_size\": 25600}"), 100 * MB, 5_000 * MB),
                "max_segment_size is in kilobytes: 25 MB segments");
        assertEquals(3, SegmentSettling.target(with("{\"max_segment_size\": 9007199254740991}"), 12_000 * MB,
                5_000 * MB), "a huge max_segment_size leaves the policy's cap");
        assertEquals(5, SegmentSettling.target(with("{\"default_segment_number\": 5, \"max_segment_size\": 51200}"),
                100 * MB, 5_000 * MB));
    }
}
