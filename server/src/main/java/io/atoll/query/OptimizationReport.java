package io.atoll.query;

import java.time.Instant;
import java.util.List;

/**
 * A shard replica's optimizations as Qdrant's {@code GET /collections/{c}/optimizations} reports them: the merges
 * of its segments running now, the last ones finished, and the segments no merge is touching. Immutable.
 */
public record OptimizationReport(List<Merge> running, List<Merge> completed, List<Segment> idle) {
    public OptimizationReport {
        running = List.copyOf(running);
        completed = List.copyOf(completed);
        idle = List.copyOf(idle);
    }

    /** A segment (by Lucene's 128-bit segment id, written as a UUID) and its live points. */
    public record Segment(String uuid, long points) {
    }

    /**
     * One merge: the id of the segment it makes, its status ({@code optimizing}, {@code done} or {@code error},
     * with the error), the segments it merges and how many documents they hold.
     */
    public record Merge(String uuid, String status, String error, List<Segment> segments, Instant started,
                        Instant finished, long documents) {
        public Merge {
            segments = List.copyOf(segments);
        }
    }
}
