package io.atoll.collection.strict;

import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadPaths;
import io.atoll.schema.CollectionParams.PayloadIndexParams;
import io.atoll.schema.PayloadFieldType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What strict mode asks of a filter: how many conditions it has, how large its largest condition is, and the
 * first key it filters on that has no payload index able to serve the condition (Qdrant's rules: a match on a
 * string needs a keyword index, on an integer an integer index, a range an integer or float index, and so on;
 * is_empty and is_null are served by any index; has_id and has_vector need none). Stateless.
 */
public final class FilterLimits {
    /** A key a filter needs indexed, and the index types any one of which would serve it. */
    public record Unindexed(String key, Set<PayloadFieldType> types) {
    }

    private FilterLimits() {
    }

    /** Leaf conditions, counted through nested filters (Qdrant's total_conditions_count). */
    static int conditions(Filter f) {
        int n = 0;
        for (Condition c : all(f)) {
            n += switch (c) {
                case Filter inner -> conditions(inner);
                case Condition.Nested nested -> conditions(nested.filter());
                default -> 1;
            };
        }
        return n;
    }

    /** The largest input one condition carries: values of a match_any, ids of a has_id, points of a polygon. */
    static int largestCondition(Filter f) {
        int max = 0;
        for (Condition c : all(f)) {
            max = Math.max(max, switch (c) {
                case Filter inner -> largestCondition(inner);
                case Condition.Nested nested -> largestCondition(nested.filter());
                case Condition.MatchAny m -> m.values().size();
                case Condition.MatchExcept m -> m.values().size();
                case Condition.HasId h -> h.ids().size();
                case Condition.GeoPolygon g -> g.exterior().size()
                        + g.interiors().stream().mapToInt(List::size).sum();
                default -> 1;
            });
        }
        return max;
    }

    /** The first key without a fitting index, or null when every key the filter uses has one. */
    static Unindexed firstUnindexed(Filter f, Map<String, PayloadIndexParams> schema) {
        List<Unindexed> all = unindexed(f, schema);
        return all.isEmpty() ? null : all.getFirst();
    }

    /** Every key the filter uses without a fitting index, in the filter's order. */
    public static List<Unindexed> unindexed(Filter f, Map<String, PayloadIndexParams> schema) {
        List<Unindexed> out = new ArrayList<>();
        unindexed(f, "", schema, out);
        return out;
    }

    private static void unindexed(Filter f, String prefix, Map<String, PayloadIndexParams> schema,
                                  List<Unindexed> out) {
        for (Condition c : all(f)) {
            switch (c) {
                case Filter inner -> unindexed(inner, prefix, schema, out);
                case Condition.Nested n -> unindexed(n.filter(), prefix + canonical(n.key()) + "[].", schema, out);
                default -> {
                    Keyed k = keyed(c);
                    if (k != null && !k.types().isEmpty()) {
                        String key = prefix + canonical(k.key());
                        PayloadIndexParams idx = schema.get(key);
                        if (idx == null || !k.types().contains(idx.type())) {
                            out.add(new Unindexed(key, k.types()));
                        }
                    }
                }
            }
        }
    }

    private record Keyed(String key, Set<PayloadFieldType> types) {
    }

    /** The key a condition reads and the index types that can serve it; null for conditions on no key. */
    private static Keyed keyed(Condition c) {
        return switch (c) {
            case Condition.MatchValue m -> new Keyed(m.key(), valueIndex(List.of(m.value())));
            case Condition.MatchAny m -> new Keyed(m.key(), valueIndex(m.values()));
            case Condition.MatchExcept m -> new Keyed(m.key(), valueIndex(m.values()));
            case Condition.MatchText m -> new Keyed(m.key(), EnumSet.of(PayloadFieldType.TEXT));
            case Condition.MatchPrefix m -> new Keyed(m.key(), EnumSet.of(PayloadFieldType.KEYWORD));
            case Condition.NumberRange r -> new Keyed(r.key(), EnumSet.of(PayloadFieldType.INTEGER,
                    PayloadFieldType.FLOAT));
            case Condition.DatetimeRange r -> new Keyed(r.key(), EnumSet.of(PayloadFieldType.DATETIME));
            case Condition.GeoRadius g -> new Keyed(g.key(), EnumSet.of(PayloadFieldType.GEO));
            case Condition.GeoBoundingBox g -> new Keyed(g.key(), EnumSet.of(PayloadFieldType.GEO));
            case Condition.GeoPolygon g -> new Keyed(g.key(), EnumSet.of(PayloadFieldType.GEO));
            case Condition.IsEmpty e -> new Keyed(e.key(), EnumSet.allOf(PayloadFieldType.class));
            case Condition.IsNull e -> new Keyed(e.key(), EnumSet.allOf(PayloadFieldType.class));
            // values_count reads the stored values; has_id, has_vector and Atoll's ring need no payload index
            default -> null;
        };
    }

    /** The index a match on these values needs (an empty match needs none: it is a no-op). */
    private static Set<PayloadFieldType> valueIndex(List<Object> values) {
        if (values.isEmpty()) {
            return EnumSet.noneOf(PayloadFieldType.class);
        }
        return switch (values.getFirst()) {
            case Long l -> EnumSet.of(PayloadFieldType.INTEGER);
            case Boolean b -> EnumSet.of(PayloadFieldType.BOOL);
            default -> EnumSet.of(PayloadFieldType.KEYWORD, PayloadFieldType.UUID);
        };
    }

    /** A key as the index and payload schemas name it (a trailing [] dropped: it reaches the same values). */
    private static String canonical(String key) {
        String c = PayloadPaths.canonical(key);
        return c == null ? key : c;
    }

    private static List<Condition> all(Filter f) {
        List<Condition> out = new ArrayList<>(f.must());
        out.addAll(f.should());
        out.addAll(f.mustNot());
        if (f.minShould() != null) {
            out.addAll(f.minShould().conditions());
        }
        return out;
    }
}
