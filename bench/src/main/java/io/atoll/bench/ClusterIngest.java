package io.atoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Write throughput on a local 3-node cluster with replication factor 1 against 2, through the same node and
 * the same client, in alternating rounds so that the machine's noise falls on both alike. The ratio is the cost
 * of replication: every write then also travels to a second node and waits for it. Then, on the same cluster,
 * {@link ClusterReads}.
 */
final class ClusterIngest {
    private static final int NODES = 3;
    private static final int ROUNDS = 3;
    /** Requests of each kind per round of the read benchmark that follows on the same cluster. */
    private static final int READS = 300;

    private ClusterIngest() {
    }

    static void run(Dataset data, int points, int batch, Path work) throws IOException {
        try (Cleanup cleanup = new Cleanup()) {
            List<ServerProcess> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                Path dir = work.resolve("node-" + i);
                Files.createDirectories(dir);
                nodes.add(ServerProcess.start(dir.resolve("storage"), dir.resolve("node.log"), cleanup, "-Xmx2g",
                        i == 0 ? null : nodes.getFirst().peerUrl()));
            }
            RestTarget target = new RestTarget(nodes.getFirst());
            double[] total = new double[3];
            System.out.printf(Locale.ROOT, "%nCluster ingest: %d nodes, %d shards, %d points per round, batches of %d, "
                    + "wait=true, one client through node 0%n%n", NODES, NODES, points, batch);
            System.out.println("| round | RF 1 points/s | RF 2 points/s | RF 2 / RF 1 |");
            System.out.println("|---|---|---|---|");
            for (int round = 1; round <= ROUNDS; round++) {
                double[] rate = new double[3];
                for (int rf = 1; rf <= 2; rf++) {
                    String name = "ingest_rf" + rf + "_" + round;
                    target.createCollection(name, data.dimension(), NODES, rf);
                    rate[rf] = Ingest.run(target, name, data, points, batch).pointsPerSec();
                    target.dropCollection(name);
                    total[rf] += rate[rf];
                }
                System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round, rate[1], rate[2], rate[2] / rate[1]);
            }
            System.out.printf(Locale.ROOT, "| mean | %,.0f | %,.0f | %.2f |%n", total[1] / ROUNDS, total[2] / ROUNDS,
                    total[2] / total[1]);
            ClusterReads.run(target, data, NODES, points, batch, READS);
        }
    }
}
