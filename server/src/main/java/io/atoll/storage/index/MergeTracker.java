package io.atoll.storage.index;

import io.atoll.query.OptimizationReport;
import io.atoll.query.OptimizationReport.Merge;
import io.atoll.query.OptimizationReport.Segment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MergePolicy.OneMerge;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentReader;

/**
 * Lucene's concurrent merge scheduler, keeping what Qdrant's {@code GET /collections/{c}/optimizations} shows:
 * the merges running (Atoll's optimizations: merging segments is what Qdrant's optimizers do), the last
 * {@link #COMPLETED_KEPT} finished, and the segments no merge is touching. Segments are named by Lucene's own
 * 128-bit segment id, written as a UUID. Thread-safe.
 */
public final class MergeTracker extends ConcurrentMergeScheduler {
    static final int COMPLETED_KEPT = 64;

    private record Started(Instant at, List<Segment> segments) {
    }

    private final Map<OneMerge, Started> running = new ConcurrentHashMap<>();
    private final Deque<Merge> completed = new ArrayDeque<>();

    @Override
    protected void doMerge(MergeSource source, OneMerge merge) throws IOException {
        List<Segment> segments = merge.segments.stream().map(MergeTracker::segment).toList();
        running.put(merge, new Started(Instant.now(), segments));
        String error = null;
        try {
            super.doMerge(source, merge);
        } catch (IOException | RuntimeException | Error e) {
            error = String.valueOf(e.getMessage());
            throw e;
        } finally {
            Started s = running.remove(merge);
            synchronized (completed) {
                completed.addFirst(new Merge(uuidOf(merge), error == null ? "done" : "error", error, s.segments(),
                        s.at(), Instant.now(), documents(s.segments())));
                while (completed.size() > COMPLETED_KEPT) {
                    completed.removeLast();
                }
            }
        }
    }

    /** Whether a merge is running (collection info's yellow). */
    public boolean running() {
        return !running.isEmpty();
    }

    /** The merges now, and the segments of {@code reader} that no running merge is reading. */
    public OptimizationReport report(IndexReader reader) {
        List<Merge> now = new ArrayList<>();
        Set<String> merging = new HashSet<>();
        running.forEach((merge, s) -> {
            now.add(new Merge(uuidOf(merge), "optimizing", null, s.segments(), s.at(), null,
                    documents(s.segments())));
            s.segments().forEach(seg -> merging.add(seg.uuid()));
        });
        List<Segment> idle = new ArrayList<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            if (leaf.reader() instanceof SegmentReader sr) {
                String id = uuid(sr.getSegmentInfo().info.getId());
                if (!merging.contains(id)) {
                    idle.add(new Segment(id, sr.numDocs()));
                }
            }
        }
        List<Merge> done;
        synchronized (completed) {
            done = List.copyOf(completed);
        }
        return new OptimizationReport(now, done, idle);
    }

    private static long documents(List<Segment> segments) {
        return segments.stream().mapToLong(Segment::points).sum();
    }

    private static Segment segment(SegmentCommitInfo info) {
        return new Segment(uuid(info.info.getId()), info.info.maxDoc() - info.getDelCount());
    }

    /** The merged segment's id once Lucene created it; before that, a name derived from the merge. */
    private static String uuidOf(OneMerge merge) {
        SegmentCommitInfo made = merge.getMergeInfo();
        return made != null ? uuid(made.info.getId()) : UUID.nameUUIDFromBytes(
                merge.segString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static String uuid(byte[] id) {
        ByteBuffer b = ByteBuffer.wrap(id);
        return new UUID(b.getLong(), b.getLong()).toString();
    }
}
