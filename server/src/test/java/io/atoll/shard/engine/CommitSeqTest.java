package io.atoll.shard.engine;

import static io.atoll.shard.engine.EngineFixtures.json;
import static io.atoll.shard.engine.EngineFixtures.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.storage.index.FieldAnalyzer;
import io.atoll.storage.index.IndexWriters;
import io.atoll.storage.index.TextAnalysis;
import io.atoll.point.VectorValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which seq an opened engine starts from: its commit's seq, or the highest seq of a logged record the commit may
 * hold past it (applied while it flushed), never a copy's version, which is no log position.
 */
class CommitSeqTest {
    private static final CollectionParams PARAMS = EngineFixtures.params(2, Distance.DOT);

    @TempDir
    Path dir;

    private LuceneShardEngine open() throws Exception {
        return new LuceneShardEngine(dir, PARAMS, null, 0);
    }

    /**
     * Before, an open took the highest version in the index, a copy's among them; the next commit then claimed
     * records the log had not applied, and replay after a crash skipped them.
     */
    @Test
    void aCopysVersionIsNoLogPosition() throws Exception {
        try (LuceneShardEngine e = open()) {
            for (long seq = 1; seq <= 3; seq++) {
                e.apply(seq, new ShardOperation.Upsert(List.of(point(seq, new float[] {1, seq}, "{}"))));
            }
            e.applyCopies(List.of(new ScoredPoint(PointId.of(9), 100, null, json("{}"),
                    VectorValue.dense(Map.of(PointStruct.DEFAULT_VECTOR, new float[] {1, 9})))));
            e.commit();
        }
        try (LuceneShardEngine e = open()) {
            assertEquals(3, e.committedSeq());
            assertEquals(3, e.appliedSeq(), "the copy at version 100 moved no seq");
            assertEquals(3, e.indexedSeq());
            assertTrue(e.exists(PointId.of(9)));
        }
    }

    @Test
    void aCommitHoldingRecordsPastItsSeqOpensAtTheHighest() throws Exception {
        try (FSDirectory d = FSDirectory.open(dir);
             IndexWriter w = IndexWriters.open(d, PARAMS, new FieldAnalyzer(TextAnalysis.of(PARAMS)))) {
            // as when records 4 to 7 were applied while the commit labelled 3 flushed
            IndexWriters.setCommittedSeq(w, 3, () -> 7);
            w.commit();
        }
        try (LuceneShardEngine e = open()) {
            assertEquals(3, e.committedSeq(), "replay starts after 3");
            assertEquals(3, e.appliedSeq());
            assertEquals(7, e.indexedSeq(), "the log may not end below 7");
            e.apply(4, new ShardOperation.Upsert(List.of(point(4, new float[] {1, 4}, "{}"))));
            e.commit();
        }
        try (LuceneShardEngine e = open()) {
            assertEquals(4, e.committedSeq());
            assertEquals(7, e.indexedSeq(), "kept by the next commit");
        }
    }
}
