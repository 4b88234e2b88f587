package io.atoll.query;

import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Points in the order of a numeric payload key (Qdrant's order_by): from {@code startFrom} (inclusive; null for
 * the first), at most {@code limit} entries, a point once per distinct value of the key. {@code kind} says which
 * index holds the key's values.
 */
public record OrderedScroll(Filter filter, String key, Kind kind, boolean descending, Double startFrom, int limit,
                            PayloadSelector withPayload, VectorSelector withVector) {
    public enum Kind { INTEGER, FLOAT, DATETIME }

    public OrderedScroll withFilter(Filter f) {
        return new OrderedScroll(f, key, kind, descending, startFrom, limit, withPayload, withVector);
    }

    /** A point with the value it is ordered by: a Long, or a Double for a float key. */
    public record Entry(ScoredPoint point, Object value) {
    }

    /** Entries, in a record so that their type survives encoding. */
    public record Entries(List<Entry> entries) {
        public Entries {
            entries = List.copyOf(entries);
        }
    }

    /** By value, ties by point id, both ascending or both descending, as Qdrant orders them. */
    public Comparator<Entry> order() {
        Comparator<Entry> asc = Comparator.<Entry>comparingDouble(e -> ((Number) e.value()).doubleValue())
                .thenComparing(e -> e.point().id());
        return descending ? asc.reversed() : asc;
    }

    /** The first {@code limit} of several answers' entries, one per (point, value), the newest version of each. */
    public Entries merge(List<Entries> answers) {
        Map<List<Object>, Entry> unique = new LinkedHashMap<>();
        for (Entries a : answers) {
            for (Entry e : a.entries()) {
                unique.merge(List.of(e.point().id(), e.value()), e,
                        (x, y) -> y.point().version() > x.point().version() ? y : x);
            }
        }
        List<Entry> out = new ArrayList<>(unique.values());
        out.sort(order());
        return new Entries(out.subList(0, Math.min(limit, out.size())));
    }
}
