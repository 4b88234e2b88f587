package io.atoll.query.fusion;

import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses ranked lists into one, larger scores first, as Qdrant does: reciprocal rank fusion (RRF) and
 * distribution-based score fusion (DBSF). Qdrant leaves ties unordered; here they go by ascending id so that an
 * answer does not change between calls. Each point keeps the payload and vectors of its first appearance. Pure.
 */
public final class RankFusion {
    private static final Comparator<ScoredPoint> BEST_FIRST = Comparator
            .comparing((ScoredPoint p) -> p.score(), Comparator.reverseOrder()).thenComparing(ScoredPoint::id);

    private RankFusion() {
    }

    /**
     * RRF: a point at 0-based position p of list i gains {@code 1 / ((p + 1) / w_i + k - 1)}, nothing when
     * {@code w_i <= 0}. {@code weights} null weighs every list 1; otherwise it has one weight per list.
     */
    public static List<ScoredPoint> rrf(List<List<ScoredPoint>> lists, int k, List<Float> weights) {
        if (weights != null && weights.size() != lists.size()) {
            throw new IllegalArgumentException("Number of weights in RRF should match number of pre-fetches: got "
                    + weights.size() + ", expected " + lists.size());
        }
        Map<PointId, ScoredPoint> fused = new LinkedHashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            float w = weights == null ? 1f : weights.get(i);
            List<ScoredPoint> list = lists.get(i);
            for (int pos = 0; pos < list.size(); pos++) {
                float gain = w <= 0 ? 0f : 1f / ((pos + 1) / w + k - 1f);
                add(fused, list.get(pos), gain);
            }
        }
        return sorted(fused);
    }

    /**
     * DBSF: each list's scores become {@code (s - (mean - 3σ)) / 6σ} with the sample standard deviation σ (not
     * clamped, so outliers leave [0, 1]); a list of one point, or with σ = 0, gives 0.5. The normalised scores are
     * summed per point.
     */
    public static List<ScoredPoint> dbsf(List<List<ScoredPoint>> lists) {
        Map<PointId, ScoredPoint> fused = new LinkedHashMap<>();
        for (List<ScoredPoint> list : lists) {
            float[] normalised = normalised(list);
            for (int i = 0; i < list.size(); i++) {
                add(fused, list.get(i), normalised[i]);
            }
        }
        return sorted(fused);
    }

    /** Welford's one-pass mean and variance, in float as Qdrant computes it, so that scores agree to the bit. */
    private static float[] normalised(List<ScoredPoint> list) {
        float[] out = new float[list.size()];
        if (list.size() < 2) {
            Arrays.fill(out, 0.5f);
            return out;
        }
        float mean = 0f;
        float aggregate = 0f;
        for (int i = 0; i < list.size(); i++) {
            float s = list.get(i).score();
            float before = s - mean;
            mean += before / (i + 1);
            aggregate += before * (s - mean);
        }
        float sigma = (float) Math.sqrt(aggregate / (list.size() - 1f));
        float min = mean - 3f * sigma;
        float max = mean + 3f * sigma;
        for (int i = 0; i < out.length; i++) {
            out[i] = min == max ? 0.5f : (list.get(i).score() - min) / (max - min);
        }
        return out;
    }

    private static void add(Map<PointId, ScoredPoint> fused, ScoredPoint p, float gain) {
        fused.merge(p.id(), p.withScore(gain), (old, ignored) -> old.withScore(old.score() + gain));
    }

    private static List<ScoredPoint> sorted(Map<PointId, ScoredPoint> fused) {
        List<ScoredPoint> out = new ArrayList<>(fused.values());
        out.sort(BEST_FIRST);
        return out;
    }
}
