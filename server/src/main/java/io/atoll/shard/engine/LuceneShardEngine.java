package io.atoll.shard.engine;

import io.atoll.filter.Filter;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.OptimizationReport;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.schema.CollectionParams;
import io.atoll.storage.index.FieldAnalyzer;
import io.atoll.storage.index.IndexWriters;
import io.atoll.storage.index.MergeTracker;
import io.atoll.storage.index.PointDocuments;
import io.atoll.storage.index.TextAnalysis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.ToLongFunction;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The shard engine on Apache Lucene: a point is a document (see {@link PointDocuments}), a tombstone a document
 * with only id and version.
 *
 * <p>Thread-safety: {@link #apply} and {@link #refresh} hold {@code writeLock}, so a refresh swaps the reader and
 * clears {@code pending} (the point states written since the last refresh) in one step: a read-modify-write
 * always finds a point's newest state in one of the two. Searches use the searcher manager and take no lock.
 */
public final class LuceneShardEngine implements ShardEngine {
    private static final PointStruct DELETED = LoggedUpdates.DELETED;

    private final Directory directory;
    private final Path path;
    private final IndexWriter writer;
    private final EngineReads reads;
    private final DocumentWriter documents;
    /** Analyses each text field as its path's text index says; swapped under writeLock. */
    private final TextSettling text;
    private final SegmentSettling segments;
    private final Object writeLock = new Object();
    private final EngineCommits commits;
    private final RefreshPacing pacing;
    /** Guarded by writeLock. */
    private final VersionMap versions;
    /** Newest state of points written since the last refresh (DELETED for deletes). */
    private final Map<PointId, PointStruct> pending = new ConcurrentHashMap<>();
    private volatile long appliedSeq;
    private volatile long visibleSeq;
    /** Set when an operation was only partly written; guarded by writeLock. */
    private Exception failure;

    public LuceneShardEngine(Path path, CollectionParams params, ExecutorService indexingPool,
                             long minRefreshIntervalMillis) throws IOException {
        this.pacing = new RefreshPacing(minRefreshIntervalMillis);
        TextAnalysis analysis = TextAnalysis.of(params);
        FieldAnalyzer analyzer = new FieldAnalyzer(analysis);
        this.path = path;
        this.directory = FSDirectory.open(path);
        this.writer = IndexWriters.open(directory, params, analyzer);
        this.documents = new DocumentWriter(writer, indexingPool);
        this.segments = new SegmentSettling(writer);
        long committedSeq = IndexWriters.committedSeq(writer);
        LayoutMigration.migrateIfOld(writer, params, analysis, committedSeq);
        // appliedSeq starts at the commit's seq, not at the highest version in the index: a copy's version is no
        // log position (a seq taken from it labelled commits with records the log had not applied)
        this.appliedSeq = committedSeq;
        this.commits = new EngineCommits(writer, directory, path, writeLock, committedSeq);
        // until the index is looked at (TextSettling.opened), any text path may hold tokens of other options
        this.reads = new EngineReads(new SearcherManager(writer, null), params, analysis, analysis.indexedPaths());
        this.versions = reads.read(VersionMap::load);
        this.visibleSeq = appliedSeq;
        this.text = new TextSettling(path.toString(), analyzer, reads, new TextSettling.Engine() {
            public Object lock() {
                return writeLock;
            }

            public boolean failed() {
                return failure != null;
            }

            public void refreshLocked() throws IOException {
                LuceneShardEngine.this.refreshLocked();
            }

            public PointStruct current(PointId id) throws IOException {
                return LuceneShardEngine.this.current(id);
            }

            public void rewrite(Map<PointId, PointStruct> points) throws IOException {
                writeOrFail(points, versions::version, reads.params());
                wrote(points);
            }
        });
        text.opened(params);
    }

    // ---------------------------------------------------------------- write path

    @Override
    public void apply(long seq, ShardOperation logged) throws IOException {
        synchronized (writeLock) {
            checkHealthy("takes no writes until it is reopened (restart the node; the WAL replays)");
            CollectionParams p = reads.params();
            // vectors of a name removed or added again since the record was logged are not the current vector's
            ShardOperation op = logged.current(p);
            Map<PointId, PointStruct> updates = LoggedUpdates.of(op, seq, versions, this::current);
            commits.writing(seq);
            writeOrFail(updates, id -> seq, p);
            appliedSeq = Math.max(appliedSeq, seq);
            wrote(updates);
        }
    }

    @Override
    public void applyCopies(List<ScoredPoint> copies) throws IOException {
        synchronized (writeLock) {
            checkHealthy("takes no copies until it is reopened");
            Map<PointId, Long> versionOf = new HashMap<>();
            Map<PointId, PointStruct> updates = LoggedUpdates.ofCopies(copies, versions, versionOf);
            // appliedSeq stays: a copy is not a log record, and replay after a crash starts from the log
            writeOrFail(updates, versionOf::get, reads.params());
            wrote(updates);
        }
    }

    private void wrote(Map<PointId, PointStruct> updates) {
        if (!updates.isEmpty()) {
            commits.changed();
        }
    }

    /** Caller holds writeLock. */
    private void checkHealthy(String what) throws IOException {
        if (failure != null) {
            throw new IOException("shard engine failed after an earlier error and " + what + ": "
                    + failure.getMessage(), failure);
        }
    }

    private void writeOrFail(Map<PointId, PointStruct> updates, ToLongFunction<PointId> versionOf,
                             CollectionParams p) throws IOException {
        segments.wrote();
        try {
            write(updates, versionOf, p);
        } catch (IOException | RuntimeException e) {
            // Some documents of this operation may be in the writer and others not, while the version map
            // knows none of them. Rather than guess, stop: no more writes or commits until a reopen, which
            // replays the WAL onto the last commit.
            failure = e;
            throw e;
        }
    }

    /** A point's newest state, or null when it is missing or deleted. Caller holds writeLock. */
    private PointStruct current(PointId id) throws IOException {
        PointStruct p = pending.get(id);
        if (p != null) {
            return p == DELETED ? null : p;
        }
        if (!versions.isLive(id)) {
            return null;
        }
        List<ScoredPoint> found = retrieve(List.of(id), PayloadSelector.ALL, VectorSelector.ALL);
        if (found.isEmpty()) {
            return null;
        }
        ScoredPoint sp = found.getFirst();
        return new PointStruct(id, sp.vectors(), sp.payload());
    }

    private void write(Map<PointId, PointStruct> updates, ToLongFunction<PointId> versionOf, CollectionParams p)
            throws IOException {
        List<Map.Entry<PointId, PointStruct>> entries = new ArrayList<>();
        Set<PointId> fresh = new HashSet<>();
        for (Map.Entry<PointId, PointStruct> e : updates.entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue() == DELETED ? null : e.getValue()));
            if (!versions.knows(e.getKey())) {
                fresh.add(e.getKey());
            }
        }
        documents.write(entries, versionOf, fresh, p, text.analysis());
        for (Map.Entry<PointId, PointStruct> e : updates.entrySet()) {
            versions.put(e.getKey(), versionOf.applyAsLong(e.getKey()), e.getValue() == DELETED);
            pending.put(e.getKey(), e.getValue());
        }
    }

    @Override
    public long appliedSeq() {
        return appliedSeq;
    }

    @Override
    public long indexedSeq() {
        return commits.writtenSeq();
    }

    @Override
    public long committedSeq() {
        return commits.committedSeq();
    }

    @Override
    public boolean exists(PointId id) {
        synchronized (writeLock) {
            return versions.isLive(id);
        }
    }

    @Override
    public List<PointId> matchingIds(Filter filter) throws IOException {
        synchronized (writeLock) {
            if (!pending.isEmpty()) {
                refreshLocked();
            }
            return reads.matchingIds(filter);
        }
    }

    // ---------------------------------------------------------------- visibility and durability

    @Override
    public void awaitVisible(long seq) throws IOException, InterruptedException {
        pacing.await(seq, () -> visibleSeq, this::refresh);
    }

    @Override
    public void refresh() throws IOException {
        synchronized (writeLock) {
            refreshLocked();
        }
    }

    @Override
    public boolean hasInvisibleWrites() {
        return appliedSeq > visibleSeq || !pending.isEmpty();
    }

    private void refreshLocked() throws IOException {
        long seq = appliedSeq;
        reads.refresh();
        pending.clear();
        visibleSeq = seq;
        pacing.refreshed();
    }

    @Override
    public long commit() throws IOException {
        return commits.commit(this::committable);
    }

    /** The applied seq, unless the engine failed: never make a half-applied operation durable. Under writeLock. */
    private long committable() throws IOException {
        checkHealthy("commits nothing until it is reopened");
        return appliedSeq;
    }

    @Override
    public boolean settle(long idleNanos) throws IOException {
        long mark;
        synchronized (writeLock) {
            mark = failure == null ? segments.idleSince(idleNanos) : -1;
        }
        SegmentSettling.Work work = mark < 0 ? null
                : reads.read(s -> segments.work(s.getIndexReader(), reads.params(), mark));
        if (work == null) {
            return false;
        }
        segments.run(work, mark); // outside the read: the segments it replaces are not held open meanwhile
        synchronized (writeLock) {
            refreshLocked(); // searches move to the merged segments, and the ones they replaced can be deleted
            commits.changed();
        }
        return true;
    }

    @Override
    public IndexSnapshot snapshot() throws IOException {
        return commits.snapshot(this::committable);
    }

    @Override
    public CollectionParams params() {
        return reads.params();
    }

    /** Follows new params: vector formats (see SegmentSettling) and text analysis (see TextSettling). */
    @Override
    public void updateParams(CollectionParams p) {
        segments.paramsChanged(p);
        text.updateParams(p);
    }

    /** The text paths whose points may still carry tokens of earlier options (tests wait for it to empty). */
    Set<String> unsettledText() {
        return text.unsettled();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public List<ScoredPoint> search(VectorQuery q) throws IOException {
        return reads.search(q);
    }

    @Override
    public ShardQueries queries() {
        return reads;
    }

    @Override
    public ScrollPage scroll(ScrollQuery q) throws IOException {
        return reads.scroll(q);
    }

    @Override
    public long count(Filter filter) throws IOException {
        return reads.count(filter);
    }

    @Override
    public List<ScoredPoint> retrieve(List<PointId> ids, PayloadSelector withPayload, VectorSelector withVector)
            throws IOException {
        return reads.retrieve(ids, withPayload, withVector);
    }

    @Override
    public long countWithPayloadKey(String path) throws IOException {
        return reads.countWithPayloadKey(path);
    }

    @Override
    public ShardStats stats() throws IOException {
        return reads.stats(appliedSeq, commits.committedSeq(), segments);
    }

    @Override
    public OptimizationReport optimizations() throws IOException {
        return reads.read(s -> ((MergeTracker) writer.getConfig().getMergeScheduler()).report(s.getIndexReader()));
    }

    @Override
    public void close() throws IOException {
        text.close();
        try {
            commit();
        } finally {
            synchronized (writeLock) {
                try {
                    reads.close();
                    writer.close();
                } finally {
                    directory.close();
                }
            }
        }
    }
}
