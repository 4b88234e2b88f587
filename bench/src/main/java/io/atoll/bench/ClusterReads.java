package io.atoll.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a read at consistency=majority costs over one at the default consistency, on a local cluster where every
 * node holds a replica of every shard: the default read is served by node 0's own replicas, the majority read
 * also asks a second replica, confirms the metadata through a Raft read-index round and waits for the primary
 * to confirm the answers are on every in-sync replica. The two alternate in rounds, one client through node 0,
 * so that the machine's noise falls on both alike; the ratio of their latencies is the figure.
 */
final class ClusterReads {
    private static final int ROUNDS = 3;
    private static final String COLLECTION = "reads";

    private ClusterReads() {
    }

    static void run(RestTarget target, Dataset data, int nodes, int points, int batch, int requests) {
        target.createCollection(COLLECTION, data.dimension(), nodes, nodes);
        Ingest.run(target, COLLECTION, data, points, batch);
        System.out.printf(Locale.ROOT, "%nCluster reads: %d nodes, %d shards, replication factor %d, %d points, "
                + "%d requests of each kind per round, one client through node 0 (p50 / p99 in ms)%n%n",
                nodes, nodes, nodes, points, requests);
        System.out.println("| round | retrieve default | retrieve majority | ratio p50 | search default | search majority | ratio p50 |");
        System.out.println("|---|---|---|---|---|---|---|");
        double[][] p50 = new double[4][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            LatencyStats[] s = {
                    measure(retrieves(target, points, requests, null)),
                    measure(retrieves(target, points, requests, "majority")),
                    measure(searches(target, data, points, requests, null)),
                    measure(searches(target, data, points, requests, "majority"))};
            for (int k = 0; k < 4; k++) {
                p50[k][round] = s[k].p50Ms();
            }
            System.out.printf(Locale.ROOT, "| %d | %s | %s | %.2f | %s | %s | %.2f |%n", round + 1, cell(s[0]), cell(s[1]),
                    s[1].p50Ms() / s[0].p50Ms(), cell(s[2]), cell(s[3]), s[3].p50Ms() / s[2].p50Ms());
        }
        System.out.printf(Locale.ROOT, "| mean p50 | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", mean(p50[0]), mean(p50[1]),
                mean(p50[1]) / mean(p50[0]), mean(p50[2]), mean(p50[3]), mean(p50[3]) / mean(p50[2]));
        target.dropCollection(COLLECTION);
    }

    private static List<Supplier<?>> retrieves(RestTarget target, int points, int requests, String consistency) {
        List<Supplier<?>> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(target.prepareRetrieve(COLLECTION, (i * 7919L) % points, consistency));
        }
        return out;
    }

    private static List<Supplier<?>> searches(RestTarget target, Dataset data, int points, int requests,
                                              String consistency) {
        List<Supplier<?>> out = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            out.add(target.prepareSearch(COLLECTION, data.base()[(i * 7919) % points], 10, 64, consistency));
        }
        return out;
    }

    private static LatencyStats measure(List<Supplier<?>> calls) {
        long[] nanos = new long[calls.size()];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            calls.get(i).get();
            nanos[i] = System.nanoTime() - start;
        }
        return LatencyStats.of(nanos);
    }

    private static String cell(LatencyStats s) {
        return String.format(Locale.ROOT, "%.2f / %.2f", s.p50Ms(), s.p99Ms());
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
