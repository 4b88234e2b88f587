package io.atoll.collection.query;

import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.point.VectorValue;
import io.atoll.query.ExampleQuery;
import io.atoll.query.ExampleScoring;
import io.atoll.query.QueryStage;
import io.atoll.query.RandomSample;
import io.atoll.query.ScrollQuery;
import io.atoll.query.SearchHints;
import io.atoll.query.StageScoring;
import io.atoll.query.UniversalQuery;
import io.atoll.query.VectorInput;
import io.atoll.query.VectorQuery;
import io.atoll.query.fusion.MmrSelection;
import io.atoll.query.fusion.RankFusion;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.Distance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Runs a universal query (POST /points/query) on this node, stage by stage from the innermost prefetches out.
 * Every stage is a read of the whole collection, merged across shards before the next stage sees it: a
 * prefetch's list is the collection's best points, not each shard's. Qdrant runs nested stages per shard and
 * merges only at the root, so its answers change with the shard count; here they equal a one-shard
 * collection's at any shard count, for the price of one fan-out per stage. Stateless between queries.
 */
public final class QueryCoordinator {
    private final Collection collection;
    private final ReadConsistency consistency;
    private final ShardSelector keys;
    private final ReferenceResolver references;

    private QueryCoordinator(Collection collection, Function<String, Collection> collections,
                             ReadConsistency consistency, ShardSelector keys) {
        this.collection = collection;
        this.consistency = consistency;
        this.keys = keys;
        this.references = new ReferenceResolver(collection, collections, consistency, keys);
    }

    /**
     * The query's results, after its offset. {@code collections} finds {@code lookup_from}'s collection by name.
     * Points named by id on the searched collection are left out of every stage, as in Qdrant.
     */
    public static List<ScoredPoint> run(Collection collection, Function<String, Collection> collections,
                                        UniversalQuery q, ReadConsistency consistency, ShardSelector keys) {
        QueryCoordinator c = new QueryCoordinator(collection, collections, consistency, keys);
        Set<PointId> named = c.references.resolve(q.root());
        QueryStage root = q.root();
        // Qdrant ignores the offset of a random draw: it would only skip random points
        int offset = root.scoring() instanceof StageScoring.Sample && root.prefetches().isEmpty() ? 0 : q.offset();
        Filter filter = named.isEmpty() ? root.filter()
                : both(root.filter(), new Filter(List.of(), List.of(), List.of(new Condition.HasId(named)), null));
        List<ScoredPoint> all = c.stage(root.withFilter(filter).withLimit(root.limit() + offset), Filter.EMPTY,
                q.withPayload(), q.withVector());
        return all.subList(Math.min(offset, all.size()), all.size());
    }

    /** The vector a stage names, or the default (unnamed) vector. */
    static String using(QueryStage stage) {
        return stage.using() == null ? PointStruct.DEFAULT_VECTOR : stage.using();
    }

    /** One stage's list: its outer stages' filters apply too, as Qdrant merges them into every prefetch. */
    private List<ScoredPoint> stage(QueryStage s, Filter outer, PayloadSelector payload, VectorSelector vectors) {
        Filter filter = both(outer, s.filter());
        if (s.scoring() == null) {
            return listing(filter, s.limit(), payload, vectors);
        }
        List<List<ScoredPoint>> lists = new ArrayList<>();
        for (QueryStage p : s.prefetches()) {
            lists.add(stage(p, filter, PayloadSelector.NONE, VectorSelector.NONE));
        }
        return switch (s.scoring()) {
            case StageScoring.Sample r -> sample(s, filter, lists, payload, vectors);
            case StageScoring.OrderBy o -> ordered(s, o, filter, lists, payload, vectors);
            case StageScoring.Formula f -> filled(new FormulaStage(collection, consistency, keys).run(f.expression(),
                    f.defaults(), lists, s.scoreThreshold(), s.limit()), payload, vectors);
            case StageScoring.Rrf r -> fused(s, RankFusion.rrf(lists, r.k(), r.weights()), payload, vectors);
            case StageScoring.Dbsf d -> fused(s, RankFusion.dbsf(lists), payload, vectors);
            default -> scored(s, filter, lists, payload, vectors);
        };
    }

    /**
     * A stage that scores vectors: over the whole collection, or with prefetches over their results alone (the
     * union of their lists, searched exactly).
     */
    private List<ScoredPoint> scored(QueryStage s, Filter filter, List<List<ScoredPoint>> lists,
                                     PayloadSelector payload, VectorSelector vectors) {
        if (s.scoring() instanceof StageScoring.Nearest n && n.mmr() != null
                || s.scoring() instanceof StageScoring.Recommend || s.scoring() instanceof StageScoring.Discover
                || s.scoring() instanceof StageScoring.Context || s.scoring() instanceof StageScoring.Feedback) {
            collection.params().searchable(using(s)); // dense only: before example vectors are read as dense
        }
        Set<PointId> candidates = s.prefetches().isEmpty() ? null : union(lists);
        if (candidates != null && candidates.isEmpty()) {
            return List.of();
        }
        return switch (s.scoring()) {
            case StageScoring.Nearest n when n.mmr() != null -> diverse(s, n.mmr(), references.vector(s, n.input()),
                    filter, candidates, payload, vectors);
            case StageScoring.Nearest n -> nearest(s, references.value(s, n.input()), filter, candidates, payload,
                    vectors);
            case StageScoring.Recommend r when r.strategy() == StageScoring.Strategy.AVERAGE_VECTOR -> nearest(s,
                    VectorValue.of(ExampleVectors.average(collection.params(), using(s), vectors(s, r.positives()),
                            vectors(s, r.negatives()))), filter, candidates, payload, vectors);
            case StageScoring.Recommend r -> examples(s, r.strategy() == StageScoring.Strategy.BEST_SCORE
                    ? new ExampleScoring.BestScore(vectors(s, r.positives()), vectors(s, r.negatives()))
                    : new ExampleScoring.SumScores(vectors(s, r.positives()), vectors(s, r.negatives())),
                    filter, candidates, payload, vectors);
            case StageScoring.Discover d -> examples(s, new ExampleScoring.Discover(references.vector(s, d.target()),
                    pairs(s, d.pairs())), filter, candidates, payload, vectors);
            case StageScoring.Context c -> examples(s, new ExampleScoring.Context(pairs(s, c.pairs())), filter,
                    candidates, payload, vectors);
            case StageScoring.Feedback f -> examples(s, new ExampleScoring.Feedback(references.vector(s, f.target()),
                    f.a(), weighted(s, f)), filter, candidates, payload, vectors);
            default -> throw new IllegalArgumentException("not a vector scoring: " + s.scoring());
        };
    }

    private static Set<PointId> union(List<List<ScoredPoint>> lists) {
        Set<PointId> ids = new LinkedHashSet<>();
        lists.forEach(l -> l.forEach(p -> ids.add(p.id())));
        return ids;
    }

    private List<float[]> vectors(QueryStage s, List<VectorInput> inputs) {
        return inputs.stream().map(i -> references.vector(s, i)).toList();
    }

    private List<ExampleScoring.Pair> pairs(QueryStage s, List<StageScoring.Pair> pairs) {
        return pairs.stream().map(p -> new ExampleScoring.Pair(references.vector(s, p.positive()),
                references.vector(s, p.negative()))).toList();
    }

    /** Every ordered pair of rated examples whose first is rated higher, weighed (difference^b)·c, as Qdrant. */
    private List<ExampleScoring.WeightedPair> weighted(QueryStage s, StageScoring.Feedback f) {
        List<ExampleScoring.WeightedPair> out = new ArrayList<>();
        for (StageScoring.Rated pos : f.feedback()) {
            for (StageScoring.Rated neg : f.feedback()) {
                float confidence = pos.score() - neg.score();
                if (confidence > 0) {
                    out.add(new ExampleScoring.WeightedPair(references.vector(s, pos.example()),
                            references.vector(s, neg.example()), (float) Math.pow(confidence, f.b()) * f.c()));
                }
            }
        }
        return out;
    }

    /** Nearest neighbours of a vector; among {@code candidates} (null: all points) by an exact search. */
    private List<ScoredPoint> nearest(QueryStage s, VectorValue vector, Filter filter, Set<PointId> candidates,
                                      PayloadSelector payload, VectorSelector vectors) {
        SearchHints h = s.hints();
        VectorQuery q = new VectorQuery(using(s), vector, filter, s.limit(), 0, s.scoreThreshold(), h.hnswEf(),
                h.exact(), payload, vectors, Set.of(), h.quantization(), h.acornMaxSelectivity());
        return candidates == null ? collection.search(q, consistency, keys)
                : collection.rescore(q, candidates, consistency, keys);
    }

    /**
     * MMR: the {@code candidates_limit} nearest (with their vectors) picked from for diversity on this node, after
     * the shards' lists are merged, as Qdrant does at the root.
     */
    private List<ScoredPoint> diverse(QueryStage s, StageScoring.Mmr mmr, float[] vector, Filter filter,
                                      Set<PointId> candidates, PayloadSelector payload, VectorSelector vectors) {
        int pool = mmr.candidatesLimit() == null ? s.limit() : mmr.candidatesLimit();
        List<ScoredPoint> nearest = nearest(s.withLimit(pool), VectorValue.of(vector), filter, candidates,
                PayloadSelector.NONE,
                new VectorSelector.Named(List.of(using(s))));
        Distance d = collection.params().vector(using(s)).distance();
        float[] query = d.normalizes() ? Distance.normalized(vector) : vector;
        List<ScoredPoint> picked = MmrSelection.select(nearest, using(s), query, d, mmr.diversity(), s.limit());
        return filled(picked.stream().map(p -> p.withVectors(Map.of())).toList(), payload, vectors);
    }

    private List<ScoredPoint> examples(QueryStage s, ExampleScoring scoring, Filter filter, Set<PointId> candidates,
                                       PayloadSelector payload, VectorSelector vectors) {
        return collection.search(new ExampleQuery(using(s), scoring, within(filter, candidates), s.limit(),
                s.scoreThreshold(), payload, vectors), consistency, keys);
    }

    /** Random points scored 1.0: drawn from the collection, or the prefetched points shuffled. */
    private List<ScoredPoint> sample(QueryStage s, Filter filter, List<List<ScoredPoint>> lists,
                                     PayloadSelector payload, VectorSelector vectors) {
        if (s.prefetches().isEmpty()) {
            return collection.sample(new RandomSample(filter, s.limit(), payload, vectors), consistency, keys)
                    .stream().map(p -> p.withScore(1f)).toList();
        }
        Map<PointId, ScoredPoint> unique = new LinkedHashMap<>();
        lists.forEach(l -> l.forEach(p -> unique.putIfAbsent(p.id(), p.withScore(1f))));
        List<ScoredPoint> shuffled = new ArrayList<>(unique.values());
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        return filled(shuffled.subList(0, Math.min(s.limit(), shuffled.size())), payload, vectors);
    }

    /**
     * Points in the order of a payload key, scored 1.0 as Qdrant scores them: of the collection, or of the
     * prefetched points alone. A point with several values of the key comes once per value, as in scroll.
     */
    private List<ScoredPoint> ordered(QueryStage s, StageScoring.OrderBy order, Filter filter,
                                      List<List<ScoredPoint>> lists, PayloadSelector payload, VectorSelector vectors) {
        Set<PointId> candidates = s.prefetches().isEmpty() ? null : union(lists);
        if (candidates != null && candidates.isEmpty()) {
            return List.of();
        }
        return Ordering.scroll(collection, within(filter, candidates), order, s.limit(), payload, vectors,
                consistency, keys).stream().map(p -> p.withScore(1f)).toList();
    }

    /** The filter, restricted to the candidates when there are some (null: every point). */
    private static Filter within(Filter filter, Set<PointId> candidates) {
        return candidates == null ? filter : both(filter, Filter.allOf(new Condition.HasId(candidates)));
    }

    /** Points in id order, scored 1.0 as Qdrant (1.16 and later) scores points no query ranked. */
    private List<ScoredPoint> listing(Filter filter, int limit, PayloadSelector payload, VectorSelector vectors) {
        if (limit == 0) {
            return List.of();
        }
        return collection.scroll(new ScrollQuery(filter, null, limit, payload, vectors), consistency,
                keys).points().stream().map(p -> p.withScore(1f)).toList();
    }

    /** A fused list, cut at the threshold (scores at or above it stay) and the limit, then filled as asked. */
    private List<ScoredPoint> fused(QueryStage s, List<ScoredPoint> fused, PayloadSelector payload,
                                    VectorSelector vectors) {
        List<ScoredPoint> kept = fused.stream()
                .filter(p -> s.scoreThreshold() == null || p.score() >= s.scoreThreshold())
                .limit(s.limit()).toList();
        return filled(kept, payload, vectors);
    }

    /**
     * Points read with ids and scores only, given the payload and vectors asked for; a point deleted since it was
     * read has nothing to show and is left out.
     */
    private List<ScoredPoint> filled(List<ScoredPoint> kept, PayloadSelector payload, VectorSelector vectors) {
        if (kept.isEmpty() || (payload.equals(PayloadSelector.NONE) && vectors.equals(VectorSelector.NONE))) {
            return kept;
        }
        Map<PointId, ScoredPoint> full = new HashMap<>();
        collection.retrieve(kept.stream().map(ScoredPoint::id).toList(), payload, vectors, consistency, keys)
                .forEach(p -> full.put(p.id(), p));
        return kept.stream().filter(p -> full.containsKey(p.id()))
                .map(p -> full.get(p.id()).withScore(p.score()).withOrderValue(p.orderValue())).toList();
    }

    static Filter both(Filter a, Filter b) {
        if (a.equals(Filter.EMPTY)) {
            return b;
        }
        return b.equals(Filter.EMPTY) ? a : Filter.allOf(a, b);
    }
}
