package io.atoll.collection.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.QueryStage;
import io.atoll.query.UniversalQuery;
import io.atoll.routing.ShardSelector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Groups of a query's results by the value of a payload key (query, search and recommend groups): the best
 * {@code limit} groups, each with its best {@code groupSize} points, in the order of their best point. A point with
 * several values is in each of their groups. Runs the query in rounds, each asking for the next best points not
 * yet seen and not in a full group (and, once {@code limit} groups exist, only in those), so that the answer is
 * the exact greedy grouping of the whole ranked result; Qdrant's driver approximates the same.
 */
public final class GroupedQuery {
    /** Rounds are few in practice (each one fills or excludes groups); this bounds a pathological case. */
    private static final int MAX_ROUNDS = 16;

    public record Group(Object id, List<ScoredPoint> hits, ScoredPoint lookup) {
    }

    /** {@code with_lookup}: the collection whose point with the group's id is shown beside each group. */
    public record Lookup(String collection, PayloadSelector withPayload, VectorSelector withVector) {
    }

    private GroupedQuery() {
    }

    public static List<Group> run(Collection c, Function<String, Collection> collections, UniversalQuery q,
                                  String key, int groupSize, int limit, Lookup lookup, ReadConsistency consistency,
                                  ShardSelector keys) {
        // the lookup collection is found (and its access checked) first, whether or not a group comes of it
        Collection lookupIn = lookup == null ? null : collections.apply(lookup.collection());
        Map<Object, List<ScoredPoint>> groups = new LinkedHashMap<>();
        Set<PointId> seen = new LinkedHashSet<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int want = Math.max(1, open(groups, groupSize, limit) * groupSize);
            QueryStage root = q.root();
            Filter scope = QueryCoordinator.both(root.filter(), scope(key, groups, groupSize, limit, seen));
            List<ScoredPoint> got = QueryCoordinator.run(c, collections, new UniversalQuery(root.withFilter(scope)
                    .withLimit(want), 0, PayloadSelector.ALL, q.withVector()), consistency, keys);
            for (ScoredPoint p : got) {
                seen.add(p.id());
                for (Object value : values(p, key)) {
                    List<ScoredPoint> hits = groups.get(value);
                    if (hits == null && groups.size() < limit) {
                        hits = new ArrayList<>();
                        groups.put(value, hits);
                    }
                    // an ordering (order_by) lists a point once per value of its key; a group lists it once
                    if (hits != null && hits.size() < groupSize
                            && hits.stream().noneMatch(h -> h.id().equals(p.id()))) {
                        hits.add(p.withPayload(q.withPayload().select(p.payload())));
                    }
                }
            }
            if (got.size() < want || open(groups, groupSize, limit) == 0) {
                break;
            }
        }
        Map<Object, ScoredPoint> looked = lookup == null ? Map.of() : lookUp(lookupIn, lookup, groups.keySet(),
                consistency);
        List<Group> out = new ArrayList<>();
        groups.forEach((id, hits) -> out.add(new Group(id, List.copyOf(hits), looked.get(id))));
        return out;
    }

    /** How many more groups could take points: the open ones and those not yet found. */
    private static int open(Map<Object, List<ScoredPoint>> groups, int groupSize, int limit) {
        long full = groups.values().stream().filter(h -> h.size() >= groupSize).count();
        return (int) (limit - full);
    }

    /**
     * Points holding the key, not seen yet, with a value of a group that is not full; once {@code limit} groups
     * exist, a value of one of those.
     */
    private static Filter scope(String key, Map<Object, List<ScoredPoint>> groups, int groupSize, int limit,
                                Set<PointId> seen) {
        List<Condition> must = new ArrayList<>();
        List<Condition> mustNot = new ArrayList<>(List.of(new Condition.IsEmpty(key)));
        if (!seen.isEmpty()) {
            mustNot.add(new Condition.HasId(seen));
        }
        List<Object> full = new ArrayList<>();
        List<Object> notFull = new ArrayList<>();
        groups.forEach((v, hits) -> (hits.size() >= groupSize ? full : notFull).add(v));
        if (!full.isEmpty()) {
            // a value outside the full groups: a point in a full group and an open one still joins the open one
            must.add(new Condition.MatchExcept(key, full));
        }
        if (groups.size() >= limit) {
            must.add(new Condition.MatchAny(key, notFull));
        }
        return new Filter(must, List.of(), mustNot, null);
    }

    /** The group ids a point's key holds (each element of an array): strings and integers, as Qdrant groups by. */
    static List<Object> values(ScoredPoint p, String key) {
        List<Object> out = new ArrayList<>();
        if (p.payload() == null) {
            return out;
        }
        for (JsonNode reached : PayloadPaths.reached(p.payload(), key)) {
            Iterable<JsonNode> elements = reached.isArray() ? reached : List.of(reached);
            for (JsonNode v : elements) {
                if (v.isTextual()) {
                    out.add(v.asText());
                } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                    out.add(v.asLong());
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private static Map<Object, ScoredPoint> lookUp(Collection in, Lookup lookup, Set<Object> ids,
                                                   ReadConsistency consistency) {
        Map<PointId, Object> byPoint = new HashMap<>();
        for (Object id : ids) {
            PointId p = pointId(id);
            if (p != null) {
                byPoint.put(p, id);
            }
        }
        Map<Object, ScoredPoint> out = new HashMap<>();
        if (byPoint.isEmpty()) {
            return out;
        }
        in.retrieve(List.copyOf(byPoint.keySet()), lookup.withPayload(),
                lookup.withVector(), consistency, ShardSelector.NONE).forEach(p -> out.put(byPoint.get(p.id()), p));
        return out;
    }

    /** A group id as a point id: a non-negative integer or a UUID; others have nothing to look up. */
    private static PointId pointId(Object id) {
        if (id instanceof Long l) {
            return l >= 0 ? new PointId.Num(l) : null;
        }
        try {
            return new PointId.Uuid(UUID.fromString((String) id));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
