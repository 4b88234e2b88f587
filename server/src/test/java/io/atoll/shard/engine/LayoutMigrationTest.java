package io.atoll.shard.engine;

import static io.atoll.shard.engine.EngineFixtures.point;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.storage.index.PointDocuments;
import io.atoll.storage.index.TextAnalysis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1: an index an older Atoll wrote (payload layout 1: no {@code []} paths, no layout in its commit) is indexed
 * again when its shard opens, so Qdrant's {@code cities[].name} finds the points it held, at their versions and
 * log position.
 */
class LayoutMigrationTest {
    @TempDir
    Path dir;

    @Test
    void anOldLayoutIndexIsIndexedAgainOnOpen() throws Exception {
        CollectionParams params = EngineFixtures.params(2, Distance.DOT);
        var old = point(7, new float[]{1, 0}, "{\"cities\":[{\"name\":\"Oslo\"}],\"tag\":\"x\"}");
        // what layout 1 wrote: the same document without the paths layout 2 adds, and a commit without a layout
        try (FSDirectory d = FSDirectory.open(dir);
             IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
            List<IndexableField> doc = PointDocuments.pointDocument(old, 5, params, TextAnalysis.NONE).stream()
                    .filter(f -> !f.name().contains("[]")).toList();
            w.addDocument(doc);
            w.setLiveCommitData(Map.of("atoll.seq", "5").entrySet());
            w.commit();
        }
        Filter byCity = Filter.allOf(new Condition.MatchValue("cities[].name", "Oslo"));
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params, null, 0)) {
            assertEquals(List.of(PointId.of(7)), e.matchingIds(byCity));
            assertEquals(List.of(PointId.of(7)), e.matchingIds(Filter.allOf(new Condition.MatchValue("tag", "x"))));
            assertEquals(5, e.retrieve(List.of(PointId.of(7)), io.atoll.point.PayloadSelector.ALL,
                    io.atoll.point.VectorSelector.ALL).getFirst().version(), "the version is kept");
            assertEquals(5, e.stats().committedSeq(), "committed at the same log position");
            e.apply(6, new ShardOperation.Upsert(List.of(point(8, new float[]{0, 1}, "{\"cities\":[]}"))));
            e.commit();
        }
        try (LuceneShardEngine e = new LuceneShardEngine(dir, params, null, 0)) {
            assertEquals(List.of(PointId.of(7)), e.matchingIds(byCity), "opened again: nothing to do, nothing lost");
            assertEquals(2, e.stats().pointsCount());
        }
    }
}
