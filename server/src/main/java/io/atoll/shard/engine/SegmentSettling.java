package io.atoll.shard.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.schema.CollectionParams;
import io.atoll.storage.index.FormatRewriting;
import io.atoll.storage.index.IndexCodec;
import io.atoll.storage.index.MergeTracker;
import java.io.IOException;
import java.util.Set;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.index.TieredMergePolicy;

/**
 * Merges a shard's segments into as few as its settings allow once writes to it have stopped for a while. Every
 * segment is an HNSW graph of its own that each search walks: the tiered merge policy leaves 4 to 11 of them after
 * a load, and one graph answers at the same recall with about a quarter of the work of eight
 * ({@code ./atoll bench --segments}). Merging during a load would redo the work for every batch, so it waits for
 * the shard to settle; Lucene merges the graphs incrementally (the largest one is kept and the others inserted),
 * and reads go on while it runs. A settled shard also has the segments written in vector formats its params no
 * longer ask for (a quantization_config or hnsw_config changed) rewritten, one by one ({@link FormatRewriting}).
 *
 * <p>The number of segments aimed at is Qdrant's {@code optimizers_config.default_segment_number} when set, else
 * one, and more when one would exceed the largest segment allowed: {@code max_segment_size} (kilobytes, as in
 * Qdrant) or the merge policy's own cap. Thread-safe: {@link #wrote} is called under the engine's write lock,
 * {@link #paramsChanged} by whoever changes the params, {@link #busy} and {@link #failure} by readers (they read
 * only volatile fields), the rest by the one thread that settles shards.
 */
final class SegmentSettling implements EngineReads.Optimizer {
    private static final long PAUSE_FACTOR = 10;

    private final IndexWriter writer;
    // The writer's parts, taken once: its getConfig() throws once a tragic error (a full disk) closed it, and
    // collection info must still answer then.
    private final IndexCodec codec;
    private final FormatRewriting rewriting;
    private final MergeTracker merges;
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile long writes;
    /** The write count when the shard was last found settled: nothing to merge until it changes. */
    private volatile long settledAt = -1;
    /** Counts params changes: a rewrite that failed is tried again after a write or a change of params. */
    private volatile long paramsVersion;
    /** The write count and params version of the rewrite that last failed. */
    private long failedAt = -1;
    private long failedVersion = -1;
    private long notBeforeNanos = System.nanoTime();
    private volatile String failure;

    SegmentSettling(IndexWriter writer) {
        this.writer = writer;
        this.codec = (IndexCodec) writer.getConfig().getCodec();
        this.rewriting = (FormatRewriting) writer.getConfig().getMergePolicy();
        this.merges = (MergeTracker) writer.getConfig().getMergeScheduler();
    }

    /** A write happened; the caller holds the engine's write lock. */
    void wrote() {
        lastWriteNanos = System.nanoTime();
        writes++;
    }

    /** The write count, when no write came for {@code idleNanos} and no merge is pausing the shard; else -1. */
    long idleSince(long idleNanos) {
        long now = System.nanoTime();
        return now - lastWriteNanos >= idleNanos && now - notBeforeNanos >= 0 ? writes : -1;
    }

    /** New params: the codec writes their vector formats from now on, and stale segments are looked for again. */
    void paramsChanged(CollectionParams params) {
        codec.update(params);
        paramsVersion++;
    }

    /**
     * What settling takes: segments to merge into {@code target}, or segments to rewrite in the formats of params
     * version {@code paramsVersion}.
     */
    record Work(int target, Set<String> stale, long paramsVersion) {
    }

    /**
     * What to do to the segments {@code reader} shows, or null when nothing. {@code mark} is the write count
     * {@link #idleSince} returned: the shard counts as settled at it either way, so a merge that fails is not
     * tried again every round until something is written (or, for rewrites, the params change).
     */
    Work work(IndexReader reader, CollectionParams params, long mark) throws IOException {
        if (mark != settledAt) {
            settledAt = mark;
            int target = target(reader, params);
            if (reader.leaves().size() > target) {
                return new Work(target, Set.of(), paramsVersion);
            }
        }
        long version = paramsVersion;
        if (mark == failedAt && version == failedVersion) {
            return null;
        }
        // checked every round: merges that were running may still leave segments of the old formats behind
        Set<String> stale = FormatRewriting.stale(reader, codec);
        return stale.isEmpty() ? null : new Work(0, stale, version);
    }

    /**
     * Whether a merge runs, or settling has work left in the segments {@code reader} shows: more of them than aimed
     * at (unless settling already merged or gave up at this write count, as {@link #work} decides), or some in
     * formats the params no longer ask for (collection info's yellow). A rewrite that failed stays left.
     */
    @Override
    public boolean busy(IndexReader reader, CollectionParams params) throws IOException {
        return merges.running()
                || writes != settledAt && reader.leaves().size() > target(reader, params)
                || !FormatRewriting.stale(reader, codec).isEmpty();
    }

    /** Why the last merge or rewrite failed, or null when it did not (or one succeeded since). */
    @Override
    public String failure() {
        return failure;
    }

    private int target(IndexReader reader, CollectionParams params) throws IOException {
        long bytes = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            if (leaf.reader() instanceof SegmentReader sr) {
                bytes += sr.getSegmentInfo().sizeInBytes();
            }
        }
        return target(params, bytes, policyCapBytes());
    }

    /**
     * Does {@code work} and waits for it. The next merge waits ten times as long as this one took: a shard written
     * every few seconds would otherwise have its whole index rewritten each time (the largest graph is reused, but
     * every vector is copied), so merges are kept to a tenth of a core.
     */
    void run(Work work, long mark) throws IOException {
        long start = System.nanoTime();
        try {
            if (work.target() > 0) {
                writer.forceMerge(work.target(), true);
            } else {
                failedAt = mark; // until it succeeds: not tried again before a write or a change of params
                failedVersion = work.paramsVersion();
                rewriting.rewrite(writer, work.stale());
                failedAt = -1;
            }
            failure = null;
        } catch (IOException | RuntimeException e) {
            failure = String.valueOf(e.getMessage());
            throw e;
        } finally {
            notBeforeNanos = System.nanoTime() + PAUSE_FACTOR * (System.nanoTime() - start);
        }
    }

    /**
     * The fewest segments of at most {@code max_segment_size} (or {@code policyCapBytes}) each, and not fewer than
     * the collection asks for.
     */
    static int target(CollectionParams params, long bytes, long policyCapBytes) {
        long kb = optimizer(params, "max_segment_size");
        long maxBytes = kb > 0 && kb < policyCapBytes / 1024 ? kb * 1024 : policyCapBytes;
        int asked = (int) Math.clamp(optimizer(params, "default_segment_number"), 1, Integer.MAX_VALUE);
        return (int) Math.max(asked, Math.min(Integer.MAX_VALUE, (bytes + maxBytes - 1) / maxBytes));
    }

    private long policyCapBytes() {
        return rewriting.policy() instanceof TieredMergePolicy t
                ? (long) (t.getMaxMergedSegmentMB() * 1024 * 1024) : Long.MAX_VALUE;
    }

    private static long optimizer(CollectionParams params, String field) {
        JsonNode o = params.optimizersConfig();
        return o == null || !o.path(field).canConvertToLong() ? 0 : o.path(field).asLong();
    }
}
