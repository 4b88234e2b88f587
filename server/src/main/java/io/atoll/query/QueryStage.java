package io.atoll.query;

import io.atoll.filter.Filter;
import java.util.List;

/**
 * One level of a universal query: its prefetches (run first, their results are this stage's candidates), how it
 * scores (null: points in id order), the vector it uses (null: the default one, and refused with fusion), its
 * filter, score threshold and limit. Without prefetches a stage searches the whole collection.
 */
public record QueryStage(List<QueryStage> prefetches, StageScoring scoring, String using, Filter filter,
                         Float scoreThreshold, int limit, SearchHints hints, LookupFrom lookupFrom) {
    /** Qdrant's bound on nested prefetches. */
    public static final int MAX_DEPTH = 64;

    public QueryStage {
        prefetches = List.copyOf(prefetches);
        filter = filter == null ? Filter.EMPTY : filter;
        hints = hints == null ? SearchHints.DEFAULT : hints;
    }

    public QueryStage withFilter(Filter f) {
        return new QueryStage(prefetches, scoring, using, f, scoreThreshold, limit, hints, lookupFrom);
    }

    public QueryStage withLimit(int l) {
        return new QueryStage(prefetches, scoring, using, filter, scoreThreshold, l, hints, lookupFrom);
    }
}
