package io.atoll.schema;

/**
 * The distance functions of Qdrant. {@link #score} gives Qdrant's score for a pair of vectors; for the two
 * metric distances a smaller score is better, which {@link #higherIsBetter()} says.
 */
public enum Distance {
    COSINE("Cosine"), EUCLID("Euclid"), DOT("Dot"), MANHATTAN("Manhattan");

    private final String apiName;

    Distance(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public static Distance fromApiName(String name) {
        for (Distance d : values()) {
            if (d.apiName.equalsIgnoreCase(name)) {
                return d;
            }
        }
        return null;
    }

    public boolean higherIsBetter() {
        return switch (this) {
            case COSINE, DOT -> true;
            case EUCLID, MANHATTAN -> false;
        };
    }

    /** Cosine vectors are stored normalized, as Qdrant does, so that cosine becomes a dot product. */
    public boolean normalizes() {
        return this == COSINE;
    }

    /** Qdrant's score; for cosine both vectors are already unit length (or zero). */
    public float score(float[] a, float[] b) {
        return switch (this) {
            case COSINE, DOT -> dot(a, b);
            case EUCLID -> (float) Math.sqrt(squaredDistance(a, b));
            case MANHATTAN -> {
                double s = 0;
                for (int i = 0; i < a.length; i++) {
                    s += Math.abs(a[i] - b[i]);
                }
                yield (float) s;
            }
        };
    }

    /**
     * Qdrant's raw similarity, larger for closer vectors, which scores recommend, discover and context queries:
     * the dot product for cosine (unit vectors) and dot, minus the squared distance for Euclid, minus the distance
     * for Manhattan.
     */
    public float similarity(float[] a, float[] b) {
        return switch (this) {
            case COSINE, DOT -> dot(a, b);
            case EUCLID -> (float) -squaredDistance(a, b);
            case MANHATTAN -> -score(a, b);
        };
    }

    /** Whether {@code candidate} passes a score_threshold: at least it for similarities, at most it for distances. */
    public boolean passes(float candidate, float threshold) {
        return higherIsBetter() ? candidate >= threshold : candidate <= threshold;
    }

    /** Orders scores best first. */
    public int compareBestFirst(float a, float b) {
        return higherIsBetter() ? Float.compare(b, a) : Float.compare(a, b);
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    private static float dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return (float) s;
    }

    /** A unit-length copy of {@code v}; a zero vector stays zero. */
    public static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm == 0) {
            return v.clone();
        }
        double inv = 1.0 / Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * inv);
        }
        return out;
    }
}
