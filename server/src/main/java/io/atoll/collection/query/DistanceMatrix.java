package io.atoll.collection.query;

import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.RandomSample;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.Distance;
import io.atoll.schema.VectorParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The distance matrix of a random sample (Qdrant's /points/search/matrix): {@code sample} points drawn from those
 * holding vector {@code using} and matching the filter, sorted by id, each with its {@code limit} nearest among
 * the others. The sample's vectors are read once and compared on this node, which is what Qdrant's one nearest
 * search per sample point, restricted to the sample, computes.
 */
public final class DistanceMatrix {
    /** A sample's pairwise scores grow with its square: this bounds one request's work. */
    public static final int MAX_SAMPLE = 10_000;

    /** The sampled ids, sorted, and for each row its neighbours: column indexes into {@code ids}, best first. */
    public record Result(List<PointId> ids, List<int[]> columns, List<float[]> scores) {
    }

    private DistanceMatrix() {
    }

    public static Result run(Collection c, Filter filter, int sample, int limit, String using,
                             ReadConsistency consistency, ShardSelector keys) {
        VectorParams vp = c.params().searchable(using);
        c.strictMode().limitedRead(c.params(), (int) Math.min(Integer.MAX_VALUE, (long) sample * limit), filter);
        Filter holding = QueryCoordinator.both(filter, Filter.allOf(new Condition.HasVector(using)));
        List<ScoredPoint> drawn = new ArrayList<>(c.sample(new RandomSample(holding, sample, PayloadSelector.NONE,
                new VectorSelector.Named(List.of(using))), consistency, keys));
        if (drawn.size() < 2) {
            return new Result(List.of(), List.of(), List.of());
        }
        drawn.sort(Comparator.comparing(ScoredPoint::id));
        Distance d = vp.distance();
        List<int[]> columns = new ArrayList<>();
        List<float[]> scores = new ArrayList<>();
        for (int row = 0; row < drawn.size(); row++) {
            float[] v = drawn.get(row).vectors().get(using).asDense();
            List<Integer> others = new ArrayList<>();
            float[] all = new float[drawn.size()];
            for (int col = 0; col < drawn.size(); col++) {
                if (col != row) {
                    all[col] = d.score(v, drawn.get(col).vectors().get(using).asDense());
                    others.add(col);
                }
            }
            others.sort((a, b) -> d.compareBestFirst(all[a], all[b]));
            int n = Math.min(limit, others.size());
            int[] cols = new int[n];
            float[] best = new float[n];
            for (int i = 0; i < n; i++) {
                cols[i] = others.get(i);
                best[i] = all[cols[i]];
            }
            columns.add(cols);
            scores.add(best);
        }
        return new Result(drawn.stream().map(ScoredPoint::id).toList(), columns, scores);
    }
}
