package io.atoll.chaos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the checkers found in one run, by kind (lost, unexpected, divergent, nonlinearizable, metadata, terms, ...),
 * with a few examples of each for the report. A run passes when nothing was found. Thread-safe.
 */
public final class Findings {
    public static final String LOST = "lost";
    public static final String UNEXPECTED = "unexpected";
    public static final String DIVERGENT = "divergent";
    public static final String NONLINEARIZABLE = "nonlinearizable";
    public static final String METADATA = "metadata";
    public static final String TERMS = "terms";
    public static final String RESTART = "restart";
    public static final String HARNESS = "harness";
    /** A transfer still running after the cluster healed and settled (one whose nodes are all up must finish). */
    public static final String TRANSFER = "transfer";
    private static final int EXAMPLES = 10;

    private final Map<String, Long> counts = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();

    public synchronized void add(String kind, String detail) {
        long n = counts.merge(kind, 1L, Long::sum);
        if (n <= EXAMPLES) {
            examples.add(kind + ": " + detail);
        }
    }

    public synchronized long count(String kind) {
        return counts.getOrDefault(kind, 0L);
    }

    public synchronized boolean clean() {
        return counts.isEmpty();
    }

    public synchronized Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    public synchronized List<String> examples() {
        return List.copyOf(examples);
    }
}
