package io.atoll.query;

import io.atoll.filter.Filter;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of the values of payload field {@code key} among the points {@code filter} admits, read from the index of
 * {@code kind}; each shard answers its {@code perShard} most frequent values (every value when exact).
 */
public record FacetQuery(String key, Filter filter, Kind kind, int perShard) {
    /** Which index holds the values. */
    public enum Kind { KEYWORD, INTEGER, BOOL }

    public FacetQuery withFilter(Filter f) {
        return new FacetQuery(key, f, kind, perShard);
    }

    /** One value (a String, Long or Boolean) and how many points hold it. */
    public record Hit(Object value, long count) {
    }

    /** A list of hits, in a record so that its type survives encoding. */
    public record Hits(List<Hit> hits) {
        public Hits {
            hits = List.copyOf(hits);
        }
    }

    /** Most frequent first, then by value ascending, as Qdrant orders them. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static final Comparator<Hit> ORDER = Comparator.comparingLong(Hit::count).reversed()
            .thenComparing(h -> (Comparable) h.value());
}
