package io.atoll.storage.index;

import io.atoll.filter.Condition;
import io.atoll.schema.CollectionParams;
import io.atoll.filter.Filter;
import io.atoll.filter.PayloadMatcher;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PointId;
import io.atoll.routing.ShardRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.geo.Polygon;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Compiles a Qdrant filter into a Lucene query over the fields {@link PayloadFields} writes. Full-text conditions
 * use the token index when the collection has a text index on the key, and Qdrant's substring semantics otherwise.
 * Immutable; one per schema version.
 */
public final class FilterQueryCompiler {
    private final TextQueries texts;
    /** The Lucene field of each of the collection's vectors, by name. */
    private final Map<String, String> vectorFields;

    /**
     * Compiles full-text conditions as {@code analysis} says; {@code unsettled} are the paths that may still hold
     * documents analysed by other options (see {@link TextAnalysis#unsettled}).
     */
    public FilterQueryCompiler(TextAnalysis analysis, Set<String> unsettled, CollectionParams params) {
        this.texts = new TextQueries(analysis, unsettled);
        Map<String, String> fields = new java.util.HashMap<>();
        params.vectors().forEach((name, vp) -> fields.put(name, vp.isMulti() ? FieldNames.multi(name, vp.generation())
                : FieldNames.vector(name, vp.generation())));
        params.sparseVectors().forEach((name, sp) -> fields.put(name, FieldNames.sparseValues(name, sp.generation())));
        this.vectorFields = Map.copyOf(fields);
    }

    public Query compile(Filter filter) {
        return compile(filter, "");
    }

    private Query compile(Filter f, String prefix) {
        if (f == null || f.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean positive = false;
        for (Condition c : f.must()) {
            b.add(condition(c, prefix), Occur.FILTER);
            positive = true;
        }
        if (!f.should().isEmpty()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            for (Condition c : f.should()) {
                any.add(condition(c, prefix), Occur.SHOULD);
            }
            any.setMinimumNumberShouldMatch(1);
            b.add(any.build(), Occur.FILTER);
            positive = true;
        }
        if (f.minShould() != null) {
            BooleanQuery.Builder some = new BooleanQuery.Builder();
            for (Condition c : f.minShould().conditions()) {
                some.add(condition(c, prefix), Occur.SHOULD);
            }
            if (f.minShould().minCount() > f.minShould().conditions().size()) {
                return new MatchNoDocsQuery("min_should needs more conditions than it has");
            }
            some.setMinimumNumberShouldMatch(f.minShould().minCount());
            b.add(f.minShould().minCount() == 0 ? new MatchAllDocsQuery() : some.build(), Occur.FILTER);
            positive = true;
        }
        for (Condition c : f.mustNot()) {
            b.add(condition(c, prefix), Occur.MUST_NOT);
        }
        if (!positive) {
            b.add(new MatchAllDocsQuery(), Occur.FILTER);
        }
        return b.build();
    }

    private Query condition(Condition c, String prefix) {
        String key = Condition.keyOf(c);
        if (key != null && PayloadPaths.hasIndex(key)) {
            // The index holds every element of an array under one path: a path picking an element by position
            // narrows candidates through all elements, and the payload decides (inside nested, the nested check).
            Query candidates = holdsWhenOneElementHolds(c) ? plain(c, prefix) : new MatchAllDocsQuery();
            return !prefix.isEmpty() ? candidates : new PayloadCheckQuery(candidates,
                    payload -> PayloadMatcher.matches(c, null, payload), "positional(" + key + ")");
        }
        return plain(c, prefix);
    }

    private Query plain(Condition c, String prefix) {
        return switch (c) {
            case Filter f -> compile(f, prefix);
            case Condition.MatchValue m -> matchValue(path(prefix, m.key()), m.value());
            case Condition.MatchAny m -> matchAny(path(prefix, m.key()), m.values());
            case Condition.MatchExcept m -> except(path(prefix, m.key()), m.values());
            case Condition.MatchText m -> text(path(prefix, m.key()), m);
            case Condition.MatchPrefix m -> new PrefixQuery(new Term(FieldNames.keyword(path(prefix, m.key())), m.prefix()));
            case Condition.NumberRange r -> numberRange(path(prefix, r.key()), r);
            case Condition.DatetimeRange r -> longRange(FieldNames.datetime(path(prefix, r.key())), r.gt(), r.gte(), r.lt(), r.lte());
            case Condition.GeoRadius g -> LatLonPoint.newDistanceQuery(FieldNames.geo(path(prefix, g.key())),
                    g.center().lat(), g.center().lon(), g.radiusMeters());
            case Condition.GeoBoundingBox g -> LatLonPoint.newBoxQuery(FieldNames.geo(path(prefix, g.key())),
                    g.bottomRight().lat(), g.topLeft().lat(), g.topLeft().lon(), g.bottomRight().lon());
            case Condition.GeoPolygon g -> LatLonPoint.newPolygonQuery(FieldNames.geo(path(prefix, g.key())), polygon(g));
            case Condition.ValuesCount v -> valuesCount(path(prefix, v.key()), v);
            case Condition.IsEmpty e -> not(new TermQuery(new Term(FieldNames.NON_EMPTY, path(prefix, e.key()))));
            case Condition.IsNull n -> new TermQuery(new Term(FieldNames.NULL, path(prefix, n.key())));
            case Condition.HasId h -> hasId(h.ids());
            // a point-level condition (the parser keeps it out of nested filters): the vector field is there
            case Condition.HasVector h -> vectorFields.containsKey(h.name())
                    ? new FieldExistsQuery(vectorFields.get(h.name())) : new MatchNoDocsQuery("no vector " + h.name());
            case Condition.InRing r -> new IdQuery(new IdQuery.InRing(new ShardRouter(r.ring()), r.shard()));
            case Condition.Slice s -> new IdQuery(new IdQuery.InSlice(s.total(), s.index()));
            case Condition.Nested n -> nested(prefix, n);
        };
    }

    /**
     * Nested conditions must hold for one array element together. The index, which flattens arrays, can only
     * narrow the candidates (every condition holds for some element); each candidate is then checked on its payload.
     */
    private Query nested(String prefix, Condition.Nested n) {
        String key = path(prefix, n.key());
        // the elements of the array are objects, indexed under the array's path with []
        Query approximation = approximation(n.filter(), key + "[].");
        Filter whole = Filter.allOf(new Condition.Nested(key, n.filter()));
        return new PayloadCheckQuery(approximation, payload -> PayloadMatcher.matches(whole, null, payload),
                "nested(" + key + ")");
    }

    /**
     * A superset of the points where {@code f} holds for some element: only its {@code must} conditions that hold
     * on the flattened values whenever they hold in one element. Negations (must_not, except, is_empty, ...) are
     * left to the payload check: "this element has no x" does not mean "no element has x", so compiling them on the
     * flattened index would drop points that match.
     */
    private Query approximation(Filter f, String prefix) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
        for (Condition c : f.must()) {
            if (c instanceof Filter sub) {
                b.add(approximation(sub, prefix), Occur.FILTER);
            } else if (holdsWhenOneElementHolds(c)) {
                b.add(condition(c, prefix), Occur.FILTER);
            }
        }
        return b.build();
    }

    private static boolean holdsWhenOneElementHolds(Condition c) {
        return switch (c) {
            case Condition.MatchValue m -> true;
            case Condition.MatchAny m -> true;
            case Condition.MatchText m -> true;
            case Condition.MatchPrefix m -> true;
            case Condition.NumberRange r -> true;
            case Condition.DatetimeRange r -> true;
            case Condition.GeoRadius g -> true;
            case Condition.GeoBoundingBox g -> true;
            case Condition.GeoPolygon g -> true;
            case Condition.HasId h -> true;
            case Condition.HasVector h -> true;
            case Condition.InRing r -> true;
            case Condition.Slice s -> true;
            case Condition.Nested n -> true;
            case Filter f -> false;
            case Condition.MatchExcept m -> false;
            case Condition.ValuesCount v -> false;
            case Condition.IsEmpty e -> false;
            case Condition.IsNull n -> false;
        };
    }

    /** Where the index holds the values of {@code key}; a key that is no path reaches nothing there. */
    private static String path(String prefix, String key) {
        String canonical = PayloadPaths.canonical(key);
        return prefix + (canonical == null ? key : canonical);
    }

    private static Query not(Query q) {
        return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER).add(q, Occur.MUST_NOT).build();
    }

    private static Query matchValue(String path, Object value) {
        return switch (value) {
            case String s -> new TermQuery(new Term(FieldNames.keyword(path), s));
            case Long l -> LongPoint.newExactQuery(FieldNames.integer(path), l);
            case Boolean bool -> new TermQuery(new Term(FieldNames.bool(path), bool.toString()));
            default -> throw new IllegalArgumentException("unsupported match value " + value);
        };
    }

    private static Query matchAny(String path, List<Object> values) {
        List<BytesRef> strings = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof String s) {
                strings.add(new BytesRef(s));
            } else if (v instanceof Long l) {
                longs.add(l);
            }
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (!strings.isEmpty()) {
            b.add(new TermInSetQuery(FieldNames.keyword(path), strings), Occur.SHOULD);
        }
        if (!longs.isEmpty()) {
            b.add(LongPoint.newSetQuery(FieldNames.integer(path), longs), Occur.SHOULD);
        }
        return strings.isEmpty() && longs.isEmpty() ? new MatchNoDocsQuery("empty any") : b.build();
    }

    /**
     * Qdrant's except: some stored value is outside the list (or there is none). A point with no listed value
     * matches outright; one holding a listed value matches only if another of its values is not listed, which
     * the index cannot tell, so those few are checked on their payload.
     */
    private static Query except(String path, List<Object> values) {
        Query anyListed = matchAny(path, values);
        Condition.MatchExcept condition = new Condition.MatchExcept(path, values);
        Query listedButMore = new PayloadCheckQuery(anyListed,
                payload -> PayloadMatcher.matches(condition, null, payload), "except(" + path + ")");
        return new BooleanQuery.Builder().add(not(anyListed), Occur.SHOULD).add(listedButMore, Occur.SHOULD).build();
    }

    private Query text(String path, Condition.MatchText m) {
        if (!texts.indexed(path)) {
            // Qdrant without a full-text index: a substring of the value.
            try {
                return new WildcardQuery(new Term(FieldNames.keyword(path), "*" + escapeWildcard(m.text()) + "*"));
            } catch (TooComplexToDeterminizeException e) {
                // A long substring (some hundreds of characters) makes an automaton Lucene refuses to build; the
                // points holding the key are checked on their payload instead.
                Condition.MatchText whole = new Condition.MatchText(path, m.text(), m.mode());
                return new PayloadCheckQuery(new TermQuery(new Term(FieldNames.NON_EMPTY, path)),
                        payload -> PayloadMatcher.matches(whole, null, payload), "text(" + path + ")");
            }
        }
        return texts.compile(path, m);
    }

    private static String escapeWildcard(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            if (ch == '*' || ch == '?' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    private static Query numberRange(String path, Condition.NumberRange r) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (r.gte() != null) {
            lo = Math.max(lo, r.gte());
        }
        if (r.gt() != null) {
            lo = Math.max(lo, Math.nextUp(r.gt()));
        }
        if (r.lte() != null) {
            hi = Math.min(hi, r.lte());
        }
        if (r.lt() != null) {
            hi = Math.min(hi, Math.nextDown(r.lt()));
        }
        return lo > hi ? new MatchNoDocsQuery("empty range") : DoublePoint.newRangeQuery(FieldNames.number(path), lo, hi);
    }

    private static Query longRange(String field, Long gt, Long gte, Long lt, Long lte) {
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        if (gte != null) {
            lo = Math.max(lo, gte);
        }
        if (gt != null) {
            lo = gt == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(lo, gt + 1);
            if (gt == Long.MAX_VALUE) {
                return new MatchNoDocsQuery("empty range");
            }
        }
        if (lte != null) {
            hi = Math.min(hi, lte);
        }
        if (lt != null) {
            if (lt == Long.MIN_VALUE) {
                return new MatchNoDocsQuery("empty range");
            }
            hi = Math.min(hi, lt - 1);
        }
        return lo > hi ? new MatchNoDocsQuery("empty range") : LongPoint.newRangeQuery(field, lo, hi);
    }

    private static Query valuesCount(String path, Condition.ValuesCount v) {
        Query counted = longRangeInt(FieldNames.count(path), v);
        boolean zeroMatches = (v.gt() == null || 0 > v.gt()) && (v.gte() == null || 0 >= v.gte())
                && (v.lt() == null || 0 < v.lt()) && (v.lte() == null || 0 <= v.lte());
        if (!zeroMatches) {
            return counted;
        }
        // A missing key has no count field and counts as zero values.
        Query missing = not(IntPoint.newRangeQuery(FieldNames.count(path), Integer.MIN_VALUE, Integer.MAX_VALUE));
        return new BooleanQuery.Builder().add(counted, Occur.SHOULD).add(missing, Occur.SHOULD).build();
    }

    private static Query longRangeInt(String field, Condition.ValuesCount v) {
        long lo = 0;
        long hi = Integer.MAX_VALUE;
        if (v.gte() != null) {
            lo = Math.max(lo, v.gte());
        }
        if (v.gt() != null) {
            lo = Math.max(lo, (long) v.gt() + 1);
        }
        if (v.lte() != null) {
            hi = Math.min(hi, v.lte());
        }
        if (v.lt() != null) {
            hi = Math.min(hi, (long) v.lt() - 1);
        }
        return lo > hi ? new MatchNoDocsQuery("empty range") : IntPoint.newRangeQuery(field, (int) lo, (int) hi);
    }

    private static Polygon polygon(Condition.GeoPolygon g) {
        Polygon[] holes = g.interiors().stream().map(ring -> ring(ring, new Polygon[0])).toArray(Polygon[]::new);
        return ring(g.exterior(), holes);
    }

    private static Polygon ring(List<Condition.GeoPoint> points, Polygon[] holes) {
        double[] lats = points.stream().mapToDouble(Condition.GeoPoint::lat).toArray();
        double[] lons = points.stream().mapToDouble(Condition.GeoPoint::lon).toArray();
        return new Polygon(lats, lons, holes);
    }

    static Query hasId(Set<PointId> ids) {
        List<BytesRef> keys = ids.stream().map(id -> new BytesRef(id.key())).toList();
        return keys.isEmpty() ? new MatchNoDocsQuery("no ids") : new TermInSetQuery(FieldNames.ID, keys);
    }
}
