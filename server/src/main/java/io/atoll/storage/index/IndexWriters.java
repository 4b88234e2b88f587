package io.atoll.storage.index;

import io.atoll.schema.CollectionParams;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;

/** Opens a shard's Lucene index writer and reads and writes the sequence number recorded with each commit. */
public final class IndexWriters {
    private static final String SEQ_KEY = "atoll.seq";
    private static final String MAX_SEQ_KEY = "atoll.max_seq";
    private static final String LAYOUT_KEY = "atoll.layout";
    /**
     * The payload layout every commit holds: 2 since payload paths follow Qdrant's (an array's objects' keys under
     * {@code path[]}), 3 since full text is analysed as each text index's options say; a commit without the key
     * is layout 1.
     */
    public static final int LAYOUT = 3;

    private IndexWriters() {
    }

    public static IndexWriter open(Directory dir, CollectionParams params, Analyzer analyzer) throws IOException {
        IndexWriterConfig cfg = new IndexWriterConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCodec(new IndexCodec(params))
                // A large buffer: segments come from refreshes and merges, not from the buffer filling up.
                .setRAMBufferSizeMB(256)
                .setCommitOnClose(false)
                // Commits taken for a snapshot transfer stay on disk, however many commits follow, until released.
                .setIndexDeletionPolicy(new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()));
        TieredMergePolicy merges = new TieredMergePolicy();
        // Fewer, larger segments keep HNSW search fast; each segment is a separate graph to search.
        merges.setSegmentsPerTier(8);
        cfg.setMergePolicy(new FormatRewriting(merges));
        ConcurrentMergeScheduler scheduler = new MergeTracker();
        scheduler.setMaxMergesAndThreads(2, 1);
        cfg.setMergeScheduler(scheduler);
        return new IndexWriter(dir, cfg);
    }

    public static long committedSeq(IndexWriter writer) {
        for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
            if (e.getKey().equals(SEQ_KEY)) {
                return Long.parseLong(e.getValue());
            }
        }
        return 0;
    }

    /**
     * The highest seq of a logged record whose documents may be in the writer's last commit: at least its
     * {@link #committedSeq}, more when records were applied while the commit flushed (commits before the key
     * existed hold their seq only).
     */
    public static long maxSeq(IndexWriter writer) {
        for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
            if (e.getKey().equals(MAX_SEQ_KEY)) {
                return Math.max(Long.parseLong(e.getValue()), committedSeq(writer));
            }
        }
        return committedSeq(writer);
    }

    /** The payload layout of the writer's last commit (see {@link #LAYOUT}). */
    public static int layout(IndexWriter writer) {
        for (Map.Entry<String, String> e : writer.getLiveCommitData()) {
            if (e.getKey().equals(LAYOUT_KEY)) {
                return Integer.parseInt(e.getValue());
            }
        }
        return 1;
    }

    /**
     * Labels the next commit with the log position it holds every record up to (and the current layout, which it
     * holds too), and with the highest seq {@code written} says was handed to the writer. Lucene reads the label
     * after it has flushed the documents the commit holds, so the highest seq read then covers every record whose
     * documents are in the commit (as Elasticsearch's max_seq_no): records applied while the commit flushed may be
     * in it, and after a crash of the machine the log may have lost them, so the replica must not believe its log
     * ends below them (ShardRecovery).
     */
    public static void setCommittedSeq(IndexWriter writer, long seq, LongSupplier written) {
        writer.setLiveCommitData(new Iterable<>() {
            /** Taken once, when the commit reads it, so later reads of the live data see what was committed. */
            private Map<String, String> data;

            @Override
            public synchronized Iterator<Map.Entry<String, String>> iterator() {
                if (data == null) {
                    data = Map.of(SEQ_KEY, Long.toString(seq), MAX_SEQ_KEY,
                            Long.toString(Math.max(seq, written.getAsLong())), LAYOUT_KEY, Integer.toString(LAYOUT));
                }
                return data.entrySet().iterator();
            }
        });
    }
}
