package io.atoll.query.fusion;

import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.schema.Distance;
import io.atoll.point.VectorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maximal marginal relevance over nearest candidates, as Qdrant computes it: the most relevant candidate first,
 * then each time the one maximising {@code λ·relevance − (1 − λ)·(greatest similarity to a point already
 * picked)}, with λ = 1 − diversity and Qdrant's raw similarities. The points keep their nearest scores and come
 * in the order picked. Ties go to the earlier candidate (the better nearest score). Pure.
 */
public final class MmrSelection {
    private MmrSelection() {
    }

    /**
     * {@code candidates} carry their vector {@code using} (those without it are dropped, as in Qdrant); {@code query}
     * is the query vector as searched (unit length for cosine).
     */
    public static List<ScoredPoint> select(List<ScoredPoint> candidates, String using, float[] query, Distance d,
                                           float diversity, int limit) {
        Map<PointId, ScoredPoint> unique = new LinkedHashMap<>();
        for (ScoredPoint p : candidates) {
            if (p.vectors().get(using) != null) {
                unique.putIfAbsent(p.id(), p);
            }
        }
        List<ScoredPoint> pool = new ArrayList<>(unique.values());
        if (pool.size() < 2 || limit <= 0) {
            return pool.subList(0, Math.min(limit, pool.size()));
        }
        int n = pool.size();
        float[] relevance = new float[n];
        for (int i = 0; i < n; i++) {
            relevance[i] = d.similarity(query, pool.get(i).vectors().get(using).asDense());
        }
        float lambda = 1f - diversity;
        // the greatest similarity of each candidate to the points picked so far, kept up to date pick by pick
        float[] nearestPicked = new float[n];
        Arrays.fill(nearestPicked, Float.NEGATIVE_INFINITY);
        boolean[] picked = new boolean[n];
        List<ScoredPoint> out = new ArrayList<>();
        int next = argmax(relevance, picked);
        while (next >= 0 && out.size() < limit) {
            picked[next] = true;
            out.add(pool.get(next));
            float[] chosen = pool.get(next).vectors().get(using).asDense();
            float[] score = new float[n];
            for (int i = 0; i < n; i++) {
                if (!picked[i]) {
                    nearestPicked[i] = Math.max(nearestPicked[i], d.similarity(pool.get(i).vectors().get(using)
                            .asDense(), chosen));
                    score[i] = lambda * relevance[i] - (1f - lambda) * nearestPicked[i];
                }
            }
            next = argmax(score, picked);
        }
        return out;
    }

    /** The index of the largest value not yet picked, the first on ties; -1 when all are picked. */
    private static int argmax(float[] values, boolean[] picked) {
        int best = -1;
        for (int i = 0; i < values.length; i++) {
            if (!picked[i] && (best < 0 || values[i] > values[best])) {
                best = i;
            }
        }
        return best;
    }
}
