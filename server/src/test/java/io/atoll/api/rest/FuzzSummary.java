package io.atoll.api.rest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of a fuzz run: cases and outcomes per endpoint, status codes, modes. Status -1 is a hang, -2 no response.
 * Not thread-safe: one fuzzing thread records.
 */
final class FuzzSummary {
    private final Map<String, int[]> byEndpoint = new TreeMap<>();
    private final Map<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byMode = new TreeMap<>();
    private int cases;

    void record(FuzzCases.Case c, int status) {
        cases++;
        int[] counts = byEndpoint.computeIfAbsent(c.endpoint().label(), k -> new int[3]);
        counts[0]++;
        if (status >= 200 && status < 300) {
            counts[1]++;
        } else if (status >= 400 && status < 500) {
            counts[2]++;
        }
        byStatus.merge(status, 1, Integer::sum);
        byMode.merge(c.mode(), 1, Integer::sum);
    }

    String format(long seed, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("ApiFuzzTest summary: seed=%d, %d cases in %.1f s; status %s; modes %s%n",
                seed, cases, seconds, byStatus, byMode));
        b.append(String.format("  %-48s %6s %6s %6s%n", "endpoint", "cases", "2xx", "4xx"));
        byEndpoint.forEach((label, n) -> b.append(String.format("  %-48s %6d %6d %6d%n", label, n[0], n[1], n[2])));
        return b.toString();
    }

    /**
     * In a run long enough for it, every endpoint was tried, and every endpoint that can succeed did at least once:
     * a grammar whose bodies are all refused would only ever fuzz the parser's first check.
     */
    void checkCoverage(List<FuzzCases.Endpoint> endpoints, int planned) {
        if (planned < ApiFuzzTest.DEFAULT_CASES) {
            return;
        }
        for (FuzzCases.Endpoint e : endpoints) {
            int[] n = byEndpoint.get(e.label());
            assertTrue(n != null && n[0] > 0, () -> "no case reached " + e.label());
            boolean canSucceed = !e.path().equals("/cluster/peer/{peer_id}") && !e.label().equals("POST /collections/{name}/cluster");
            assertTrue(!canSucceed || n[1] > 0, () -> "no case for " + e.label() + " succeeded; the grammar is off");
        }
    }
}
