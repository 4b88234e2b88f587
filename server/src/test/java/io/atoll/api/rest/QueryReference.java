package io.atoll.api.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A brute-force model of query stages over points held in memory, written from Qdrant's documented formulas
 * (not from Atoll's code): exact nearest lists, rescoring of candidates, RRF and DBSF. Ties go by ascending id,
 * as Atoll breaks them.
 */
final class QueryReference {
    record Point(long id, Map<String, float[]> vectors, int group) {
    }

    record Hit(long id, double score) {
    }

    private final List<Point> points;
    private final Map<String, String> distances;

    QueryReference(List<Point> points, Map<String, String> distances) {
        this.points = List.copyOf(points);
        this.distances = Map.copyOf(distances);
    }

    /** The best {@code limit} of the points {@code admit} accepts, by vector {@code using}, Qdrant's scores. */
    List<Hit> nearest(String using, float[] q, int limit, Predicate<Point> admit) {
        String distance = distances.get(using);
        List<Hit> all = new ArrayList<>();
        for (Point p : points) {
            if (admit.test(p)) {
                all.add(new Hit(p.id(), SearchApiTest.score(distance, q, p.vectors().get(using))));
            }
        }
        Comparator<Hit> byScore = Comparator.comparingDouble(Hit::score);
        all.sort((SearchApiTest.higherIsBetter(distance) ? byScore.reversed() : byScore)
                .thenComparingLong(Hit::id));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** The candidates' points ranked anew by {@code using}. */
    List<Hit> rescore(String using, float[] q, int limit, List<List<Hit>> lists) {
        Set<Long> ids = new java.util.HashSet<>();
        lists.forEach(l -> l.forEach(h -> ids.add(h.id())));
        return nearest(using, q, limit, p -> ids.contains(p.id()));
    }

    /** Every point {@code admit} accepts scored by {@code score} (larger first), as example queries rank them. */
    List<Hit> scoredBy(String using, java.util.function.ToDoubleFunction<float[]> score, Predicate<Point> admit) {
        List<Hit> all = new ArrayList<>();
        for (Point p : points) {
            if (admit.test(p)) {
                all.add(new Hit(p.id(), score.applyAsDouble(p.vectors().get(using))));
            }
        }
        all.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingLong(Hit::id));
        return all;
    }

    /** Qdrant's raw similarity: dot of unit vectors, dot, minus squared distance, minus Manhattan distance. */
    static double similarity(String distance, float[] a, float[] b) {
        return switch (distance) {
            case "Cosine" -> SearchApiTest.score("Cosine", a, b);
            case "Dot" -> SearchApiTest.score("Dot", a, b);
            case "Euclid" -> -Math.pow(SearchApiTest.score("Euclid", a, b), 2);
            case "Manhattan" -> -SearchApiTest.score("Manhattan", a, b);
            default -> throw new IllegalArgumentException(distance);
        };
    }

    static double sigmoid(double x) {
        return x / (1 + Math.abs(x));
    }

    static double scaledSigmoid(double x) {
        return 0.5 * (sigmoid(x) + 1);
    }

    /**
     * MMR over {@code pool} (nearest hits, best first): the most relevant first, then each time the candidate
     * maximising λ·sim(query) − (1 − λ)·max sim(picked), raw similarities, λ = 1 − diversity.
     */
    List<Hit> mmr(String using, float[] q, List<Hit> pool, double diversity, int limit) {
        String d = distances.get(using);
        double lambda = 1 - diversity;
        List<Hit> left = new ArrayList<>(pool);
        List<Hit> out = new ArrayList<>();
        while (!left.isEmpty() && out.size() < limit) {
            Hit best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Hit h : left) {
                float[] v = vector(h.id(), using);
                double relevance = similarity(d, q, v);
                double score = relevance;
                if (!out.isEmpty()) {
                    double closest = Double.NEGATIVE_INFINITY;
                    for (Hit picked : out) {
                        closest = Math.max(closest, similarity(d, vector(picked.id(), using), v));
                    }
                    score = lambda * relevance - (1 - lambda) * closest;
                }
                if (best == null || score > bestScore) {
                    best = h;
                    bestScore = score;
                }
            }
            out.add(best);
            left.remove(best);
        }
        return out;
    }

    float[] vector(long id, String using) {
        return points.stream().filter(p -> p.id() == id).findFirst().orElseThrow().vectors().get(using);
    }

    /** RRF in float, list by list, as the formula reads: 1 / ((pos + 1) / w + k - 1). */
    static List<Hit> rrf(List<List<Hit>> lists, int k, List<Float> weights) {
        Map<Long, Float> sum = new LinkedHashMap<>();
        for (int i = 0; i < lists.size(); i++) {
            float w = weights == null ? 1f : weights.get(i);
            for (int pos = 0; pos < lists.get(i).size(); pos++) {
                float gain = w <= 0 ? 0f : 1f / ((pos + 1) / w + k - 1f);
                sum.merge(lists.get(i).get(pos).id(), gain, Float::sum);
            }
        }
        return sorted(sum);
    }

    /** DBSF: each list's scores normalised by mean ± 3 sample standard deviations, summed per point. */
    static List<Hit> dbsf(List<List<Hit>> lists) {
        Map<Long, Float> sum = new LinkedHashMap<>();
        for (List<Hit> list : lists) {
            int n = list.size();
            double mean = list.stream().mapToDouble(Hit::score).average().orElse(0);
            double var = n < 2 ? 0 : list.stream().mapToDouble(h -> (h.score() - mean) * (h.score() - mean)).sum()
                    / (n - 1);
            double low = mean - 3 * Math.sqrt(var);
            double high = mean + 3 * Math.sqrt(var);
            for (Hit h : list) {
                float norm = (float) (n < 2 || high == low ? 0.5 : (h.score() - low) / (high - low));
                sum.merge(h.id(), norm, Float::sum);
            }
        }
        return sorted(sum);
    }

    private static List<Hit> sorted(Map<Long, Float> sum) {
        List<Hit> out = new ArrayList<>();
        sum.forEach((id, s) -> out.add(new Hit(id, s)));
        out.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparingLong(Hit::id));
        return out;
    }
}
