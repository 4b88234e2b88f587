package io.atoll.shard.engine;

import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.storage.index.FieldAnalyzer;
import io.atoll.storage.index.TextAnalysis;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a shard's full-text analysis and the paths whose points may still carry tokens of earlier options (a text
 * index created or changed since they were written): reads match those points on their payload meanwhile, and a
 * {@link TextReindexer} rewrites them, at their own versions, in bounded rounds until every path is settled.
 * Every change of state happens under the engine's write lock. Thread-safe.
 */
final class TextSettling implements AutoCloseable {
    private static final int BATCH = 256;

    /** What the rewrite rounds need from their engine; each call is made holding {@link #lock()}. */
    interface Engine {
        Object lock();

        /** Whether the engine stopped taking writes after an error. */
        boolean failed();

        /** Makes every point written so far visible to searches. */
        void refreshLocked() throws IOException;

        /** A point's newest state, or null when it is missing or deleted. */
        PointStruct current(PointId id) throws IOException;

        /** Writes the points again as they are, at their versions (a rewrite, not a log record). */
        void rewrite(Map<PointId, PointStruct> points) throws IOException;
    }

    private final FieldAnalyzer analyzer;
    private final EngineReads reads;
    private final Engine engine;
    private final TextReindexer reindexer;
    /** Guarded by the engine's lock. */
    private final Set<String> unsettled = new HashSet<>();
    /** Set when the shard closes: a round stops between batches rather than rewriting everything first. */
    private volatile boolean closing;

    TextSettling(String name, FieldAnalyzer analyzer, EngineReads reads, Engine engine) {
        this.analyzer = analyzer;
        this.reads = reads;
        this.engine = engine;
        this.reindexer = new TextReindexer(name, this::round);
    }

    /**
     * Looks at the opened index: any text path may hold tokens of other options (an index changed while this
     * replica was down, or a copy from a replica that had other params).
     */
    void opened(CollectionParams params) throws IOException {
        TextAnalysis text = analyzer.analysis();
        Set<String> found = reads.read(s -> text.unsettled(s.getIndexReader()));
        synchronized (engine.lock()) {
            unsettled.addAll(found);
            reads.updateParams(params, text, unsettled);
        }
        if (!found.isEmpty()) {
            reindexer.wake();
        }
    }

    TextAnalysis analysis() {
        return analyzer.analysis();
    }

    /** A new configuration: the text paths whose options changed become unsettled. */
    void updateParams(CollectionParams p) {
        boolean changed;
        synchronized (engine.lock()) {
            TextAnalysis next = TextAnalysis.of(p);
            Set<String> paths = next.changedSince(analyzer.analysis());
            analyzer.use(next);
            unsettled.addAll(paths);
            reads.updateParams(p, next, unsettled);
            changed = !paths.isEmpty();
        }
        if (changed) {
            reindexer.wake();
        }
    }

    Set<String> unsettled() {
        synchronized (engine.lock()) {
            return Set.copyOf(unsettled);
        }
    }

    /**
     * Rewrites a batch of the points whose text was analysed by other options than the current ones, each as it
     * is, at its version. When none is left, the paths are settled and filters use the tokens alone again.
     */
    private boolean round() throws IOException {
        TextAnalysis text;
        Set<String> paths;
        synchronized (engine.lock()) {
            if (engine.failed()) {
                return false;
            }
            engine.refreshLocked(); // every point written under earlier options becomes visible to the search below
            text = analyzer.analysis();
            paths = Set.copyOf(unsettled);
        }
        if (paths.isEmpty()) {
            return false;
        }
        List<PointId> stale = reads.read(s -> ShardReads.matchingIds(s, text.stale(paths)));
        synchronized (engine.lock()) {
            if (analyzer.analysis() != text || engine.failed()) {
                return !engine.failed(); // changed meanwhile: look again under the new analysis
            }
            if (stale.isEmpty()) {
                // New writes are analysed as `text` says, so nothing stale can appear without another change.
                unsettled.removeAll(paths);
                reads.updateParams(reads.params(), text, unsettled);
                return false;
            }
        }
        for (int from = 0; from < stale.size(); from += BATCH) {
            if (closing) {
                return false; // the rest stays unsettled: the next open finds it by its markers
            }
            List<PointId> batch = stale.subList(from, Math.min(stale.size(), from + BATCH));
            synchronized (engine.lock()) {
                if (analyzer.analysis() != text || engine.failed()) {
                    return !engine.failed();
                }
                Map<PointId, PointStruct> points = new LinkedHashMap<>();
                for (PointId id : batch) {
                    PointStruct current = engine.current(id);
                    if (current != null) {
                        points.put(id, current);
                    }
                }
                engine.rewrite(points);
            }
        }
        return true;
    }

    @Override
    public void close() {
        closing = true;
        reindexer.close();
    }
}
