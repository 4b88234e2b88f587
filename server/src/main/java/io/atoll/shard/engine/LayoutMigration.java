package io.atoll.shard.engine;

import io.atoll.point.PayloadSelector;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.schema.CollectionParams;
import io.atoll.storage.index.IndexWriters;
import io.atoll.storage.index.PointDocuments;
import io.atoll.storage.index.TextAnalysis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an index written by an older Atoll to the current payload layout ({@link IndexWriters#LAYOUT}) when its
 * shard opens, before any write or commit: every live point is indexed again from its stored payload and vectors,
 * at its own version, and the result committed at the same log position. Layout 1 held the keys of objects in
 * arrays without {@code []} ({@code cities.name}); layout 2 holds them as Qdrant's paths name them
 * ({@code cities[].name}); layout 3 analyses full text as each text index's options say (layout 2 used Lucene's
 * standard tokenizer for every text field, where Qdrant's word tokenizer splits on anything but letters and
 * digits). Stateless.
 */
final class LayoutMigration {
    private static final Logger LOG = LoggerFactory.getLogger(LayoutMigration.class);
    private static final int PAGE = 1024;

    private LayoutMigration() {
    }

    static void migrateIfOld(IndexWriter writer, CollectionParams params, TextAnalysis text, long committedSeq)
            throws IOException {
        if (!DirectoryReader.indexExists(writer.getDirectory()) || IndexWriters.layout(writer) >= IndexWriters.LAYOUT) {
            return;
        }
        long started = System.nanoTime();
        int rewritten = 0;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            IndexSearcher s = new IndexSearcher(reader);
            List<ScoreDoc> docs = new ArrayList<>();
            ScoreDoc after = null;
            do {
                ScoreDoc[] page = s.searchAfter(after, PointDocuments.liveQuery(), PAGE).scoreDocs;
                docs.addAll(List.of(page));
                after = page.length == PAGE ? page[page.length - 1] : null;
            } while (after != null);
            for (ScoreDoc d : docs) {
                ScoredPoint p = ShardReads.point(s, params, d.doc, PayloadSelector.ALL, VectorSelector.ALL, null);
                writer.updateDocument(PointDocuments.idTerm(p.id()), PointDocuments.pointDocument(
                        new PointStruct(p.id(), p.vectors(), p.payload()), p.version(), params, text));
                rewritten++;
            }
        }
        long maxSeq = IndexWriters.maxSeq(writer);
        IndexWriters.setCommittedSeq(writer, committedSeq, () -> maxSeq);
        writer.commit();
        LOG.info("indexed {} points of {} again in payload layout {} ({} ms)", rewritten, writer.getDirectory(),
                IndexWriters.LAYOUT, (System.nanoTime() - started) / 1_000_000);
    }
}
