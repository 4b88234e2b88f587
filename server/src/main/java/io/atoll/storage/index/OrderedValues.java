package io.atoll.storage.index;

import io.atoll.point.PayloadPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BitSet;

/**
 * The first values of a numeric payload field in order (order_by), among the points a filter admits: read from
 * the field's points (BKD) tree, which range filters already use. A point comes once per distinct value it holds,
 * as in Qdrant. Stateless.
 */
public final class OrderedValues {
    /** Which index holds the values: integers, numbers (integers and floats) or datetimes (microseconds). */
    public enum Kind { INTEGER, FLOAT, DATETIME }

    /** A document (global id in the searcher) and one of its values: a Long, or a Double for FLOAT. */
    public record Entry(int doc, Object value) {
    }

    private OrderedValues() {
    }

    /**
     * The entries from {@code start} (inclusive; null for all) in ascending or descending value order: the first
     * {@code limit}, and every entry tied with the last of them, so that ties can be ordered by point id above.
     */
    public static List<Entry> first(IndexSearcher s, Query filter, String key, Kind kind, boolean descending,
                                    Double start, int limit) throws IOException {
        String canonical = PayloadPaths.canonical(key);
        String path = canonical == null ? key : canonical;
        String field = switch (kind) {
            case INTEGER -> FieldNames.integer(path);
            case FLOAT -> FieldNames.number(path);
            case DATETIME -> FieldNames.datetime(path);
        };
        Weight w = s.createWeight(s.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        Set<Entry> entries = new LinkedHashSet<>();
        for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
            PointValues points = leaf.reader().getPointValues(field);
            BitSet admitted = points == null ? null : FacetCounts.admitted(w, leaf);
            if (admitted != null) {
                collect(points, admitted, leaf.docBase, kind, descending, start, entries);
            }
        }
        Comparator<Entry> byValue = Comparator.comparingDouble(e -> ((Number) e.value()).doubleValue());
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(descending ? byValue.reversed() : byValue);
        int end = Math.min(limit, sorted.size());
        while (end > 0 && end < sorted.size() && sorted.get(end).value().equals(sorted.get(end - 1).value())) {
            end++;
        }
        return new ArrayList<>(sorted.subList(0, end));
    }

    private static void collect(PointValues points, BitSet admitted, int docBase, Kind kind, boolean descending,
                                Double start, Set<Entry> out) throws IOException {
        points.intersect(new PointValues.IntersectVisitor() {
            @Override
            public void visit(int docID) {
                throw new IllegalStateException("no cell is reported inside, so each value is visited");
            }

            @Override
            public void visit(int docID, byte[] packedValue) {
                Object v = value(kind, packedValue);
                if (admitted.get(docID) && from(v)) {
                    out.add(new Entry(docBase + docID, v));
                }
            }

            @Override
            public PointValues.Relation compare(byte[] min, byte[] max) {
                // a cell wholly before the start holds nothing wanted
                boolean before = descending ? !from(value(kind, min)) : !from(value(kind, max));
                return before ? PointValues.Relation.CELL_OUTSIDE_QUERY : PointValues.Relation.CELL_CROSSES_QUERY;
            }

            private boolean from(Object v) {
                if (start == null) {
                    return true;
                }
                double d = ((Number) v).doubleValue();
                return descending ? d <= start : d >= start;
            }
        });
    }

    private static Object value(Kind kind, byte[] packed) {
        return kind == Kind.FLOAT ? (Object) DoublePoint.decodeDimension(packed, 0)
                : (Object) LongPoint.decodeDimension(packed, 0);
    }
}
