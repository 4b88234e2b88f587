package io.atoll.shard.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.VectorQuery;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.HnswConfig;
import io.atoll.testing.QdrantApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.hnsw.HnswGraph;
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
        CollectionParams params = EngineFixtures.params(32, Distance.EUCLID);
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params, null, 0)) {
            ShardStats empty = e.stats();
            assertFalse(empty.optimizing(), "an empty shard has nothing to optimize");
            long seq = 0;
            Random rnd = new Random(8);
            List<float[]> vectors = new ArrayList<>();
            for (int batch = 0; batch < 3; batch++) {
                List<io.atoll.point.PointStruct> points = new ArrayList<>();
                for (int i = 0; i < 1000; i++) { // small segments have no graph (brute force is cheaper)
                    float[] v = new float[32];
                    for (int d = 0; d < v.length; d++) {
                        v[d] = rnd.nextFloat();
                    }
                    vectors.add(v);
                    points.add(EngineFixtures.point(batch * 1000 + i, v, "{}"));
                }
                e.apply(++seq, new ShardOperation.Upsert(points));
                e.refresh(); // a segment each
            }
            assertEquals(3, e.stats().segmentsCount());
            assertTrue(e.stats().optimizing(), "three segments wait to be merged into one");
            e.commit();
            assertEquals(Set.of("m=16,ef_construct=100"), recordedGraphs(dir), "flushed segments record their graphs");
            Duration merged = settle(e, Duration.ZERO);
            assertEquals(1, e.stats().segmentsCount());
            assertFalse(e.stats().optimizing());

            e.commit();
            assertEquals(Set.of("m=16,ef_construct=100"), recordedGraphs(dir), "and so do merged ones");
            int before = mostNeighbours(dir);
            assertTrue(before > 16, "m 16: up to 32 neighbours a node, here " + before);
            // Qdrant rebuilds the segments whose HNSW settings differ from the collection's: so does Atoll
            e.updateParams(params.withUpdate(params.replicationFactor(), params.writeConsistencyFactor(),
                    params.onDiskPayload(), new HnswConfig(8, 50, 10_000, false), params.vectors(),
                    params.optimizersConfig(), params.quantization(), params.metadata()));
            assertTrue(e.stats().optimizing(), "the segment's graph was built with m 16");
            settle(e, merged.multipliedBy(10)); // the pause after a merge: on a loaded machine it took 20 s of 30
            assertFalse(e.stats().optimizing(), "rebuilt with m 8");
            assertNull(e.stats().optimizerError());
            assertEquals(3000, e.stats().pointsCount());
            e.commit();
            assertEquals(Set.of("m=8,ef_construct=50"), recordedGraphs(dir));
            int after = mostNeighbours(dir);
            assertTrue(after <= 16, "rebuilt: at most 2·m neighbours a node, not the 32 of m 16: " + after);
            for (int q = 0; q < 3000; q += 157) {
                List<ScoredPoint> hits = e.search(new VectorQuery("", vectors.get(q), Filter.EMPTY, 1, 0, null, null,
                        false, PayloadSelector.NONE, VectorSelector.NONE, Set.of(), null, null));
                assertEquals(PointId.of(q), hits.getFirst().id());
            }
        }
    }

    /** A vector field of one segment of a committed index. */
    private interface VectorFieldVisitor {
        void visit(CodecReader segment, FieldInfo field) throws IOException;
    }

    /** Visits every vector field of every segment of the committed index in {@code dir}. */
    private static void forEachVectorField(Path dir, VectorFieldVisitor visitor) throws IOException {
        try (Directory d = FSDirectory.open(dir); DirectoryReader r = DirectoryReader.open(d)) {
            for (LeafReaderContext leaf : r.leaves()) {
                CodecReader cr = (CodecReader) leaf.reader();
                for (FieldInfo f : cr.getFieldInfos()) {
                    if (f.getVectorDimension() > 0) {
                        visitor.visit(cr, f);
                    }
                }
            }
        }
    }

    /**
     * The graph settings the committed index in {@code dir} records on its vector fields, as merges read them (a
     * field attribute: merges see their sources' fields, not their segment infos).
     */
    private static Set<String> recordedGraphs(Path dir) throws IOException {
        Set<String> graphs = new HashSet<>();
        // VectorFormat's key, as a segment written by any version holds it
        forEachVectorField(dir, (segment, f) -> graphs.add(String.valueOf(f.getAttribute("atoll.graph"))));
        return graphs;
    }

    /** The most neighbours a node has in the bottom layer of any graph of the committed index in {@code dir}. */
    private static int mostNeighbours(Path dir) throws IOException {
        int[] most = {0};
        forEachVectorField(dir, (segment, f) -> {
            HnswGraph g = ((HnswGraphProvider) ((PerFieldKnnVectorsFormat.FieldsReader) segment.getVectorReader())
                    .getFieldReader(f.name)).getGraph(f.name);
            for (int node = 0; node < g.size(); node++) {
                g.seek(0, node);
                int n = 0;
                while (g.nextNeighbor() != DocIdSetIterator.NO_MORE_DOCS) {
                    n++;
                }
                most[0] = Math.max(most[0], n);
            }
        });
        return most[0];
    }

    /**
     * Settles once, waiting {@code pause} longer than the work needs (after a merge the next one waits ten times
     * as long as it took), and returns how long it took.
     */
    private static Duration settle(LuceneShardEngine e, Duration pause) {
        long start = System.nanoTime();
        QdrantApi.await("the shard settles", Duration.ofSeconds(30).plus(pause), () -> {
            try {
                return e.settle(0);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return Duration.ofNanos(System.nanoTime() - start);
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
