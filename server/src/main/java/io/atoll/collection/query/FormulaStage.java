package io.atoll.collection.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.filter.Condition;
import io.atoll.filter.Datetimes;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollQuery;
import io.atoll.query.formula.Expression;
import io.atoll.query.formula.FormulaEvaluator;
import io.atoll.routing.ShardSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A formula stage: the prefetched points rescored by an expression over their prefetch scores, payload values
 * and conditions. The points' payloads are read once, and each condition of the formula once, as a filtered
 * read restricted to the candidates, so that a condition means what it means in a filter.
 */
final class FormulaStage {
    private final Collection collection;
    private final ReadConsistency consistency;
    private final ShardSelector keys;

    FormulaStage(Collection collection, ReadConsistency consistency, ShardSelector keys) {
        this.collection = collection;
        this.consistency = consistency;
        this.keys = keys;
    }

    /** The candidates' formula scores, largest first (ties by id), at or above {@code threshold}, at most limit. */
    List<ScoredPoint> run(Expression formula, Map<String, Double> defaults, List<List<ScoredPoint>> lists,
                          Float threshold, int limit) {
        Map<PointId, Map<Integer, Float>> scores = new LinkedHashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            for (ScoredPoint p : lists.get(i)) {
                scores.computeIfAbsent(p.id(), id -> new HashMap<>()).putIfAbsent(i, p.score());
            }
        }
        if (scores.isEmpty()) {
            return List.of();
        }
        List<PointId> ids = List.copyOf(scores.keySet());
        Map<PointId, ScoredPoint> points = new HashMap<>();
        collection.retrieve(ids, PayloadSelector.ALL, VectorSelector.NONE, consistency, keys)
                .forEach(p -> points.put(p.id(), p));
        Map<Expression.Condition, Set<PointId>> meeting = new HashMap<>();
        conditions(formula, meeting);
        meeting.replaceAll((c, none) -> meeting(c.filter(), ids));
        FormulaEvaluator evaluator = new FormulaEvaluator(defaults);
        List<ScoredPoint> out = new ArrayList<>();
        for (PointId id : ids) {
            ScoredPoint p = points.get(id);
            if (p != null) {
                float score = evaluator.score(formula, new Candidate(p, scores.get(id), meeting));
                if (threshold == null || score >= threshold) {
                    out.add(p.withScore(score).withPayload(null));
                }
            }
        }
        out.sort(Comparator.comparing((ScoredPoint p) -> p.score(), Comparator.reverseOrder())
                .thenComparing(ScoredPoint::id));
        return out.subList(0, Math.min(limit, out.size()));
    }

    private static void conditions(Expression e, Map<Expression.Condition, Set<PointId>> out) {
        switch (e) {
            case Expression.Condition c -> out.put(c, Set.of());
            case Expression.Mult m -> m.factors().forEach(f -> conditions(f, out));
            case Expression.Sum s -> s.terms().forEach(t -> conditions(t, out));
            case Expression.Neg n -> conditions(n.e(), out);
            case Expression.Abs a -> conditions(a.e(), out);
            case Expression.Sqrt s -> conditions(s.e(), out);
            case Expression.Exp x -> conditions(x.e(), out);
            case Expression.Log10 l -> conditions(l.e(), out);
            case Expression.Ln l -> conditions(l.e(), out);
            case Expression.Div d -> {
                conditions(d.left(), out);
                conditions(d.right(), out);
            }
            case Expression.Pow p -> {
                conditions(p.base(), out);
                conditions(p.exponent(), out);
            }
            case Expression.Decay d -> {
                conditions(d.x(), out);
                conditions(d.target(), out);
            }
            default -> {
                // leaves without conditions
            }
        }
    }

    private Set<PointId> meeting(Filter condition, List<PointId> ids) {
        Filter within = Filter.allOf(condition, new Condition.HasId(new HashSet<>(ids)));
        Set<PointId> out = new HashSet<>();
        collection.scroll(new ScrollQuery(within, null, ids.size(), PayloadSelector.NONE, VectorSelector.NONE),
                consistency, keys).points().forEach(p -> out.add(p.id()));
        return out;
    }

    /** One candidate as the evaluator reads it. */
    private record Candidate(ScoredPoint point, Map<Integer, Float> scores,
                             Map<Expression.Condition, Set<PointId>> meeting) implements FormulaEvaluator.Point {
        public Float score(int prefetch) {
            return scores.get(prefetch);
        }

        public Double number(String path) {
            for (JsonNode v : values(path)) {
                if (v.isNumber()) {
                    return v.asDouble();
                }
            }
            return null;
        }

        public Double datetime(String path) {
            for (JsonNode v : values(path)) {
                Long micros = v.isTextual() ? Datetimes.parseMicros(v.asText()) : null;
                if (micros != null) {
                    return micros / 1e6;
                }
            }
            return null;
        }

        public double[] geo(String path) {
            for (JsonNode v : values(path)) {
                if (v.isObject() && v.path("lat").isNumber() && v.path("lon").isNumber()) {
                    return new double[] {v.get("lat").asDouble(), v.get("lon").asDouble()};
                }
            }
            return null;
        }

        public boolean meets(Expression.Condition c) {
            return meeting.get(c).contains(point.id());
        }

        private List<JsonNode> values(String path) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : PayloadPaths.reached(point.payload(), path)) {
                if (v.isArray()) {
                    v.forEach(out::add);
                } else {
                    out.add(v);
                }
            }
            return out;
        }
    }
}
