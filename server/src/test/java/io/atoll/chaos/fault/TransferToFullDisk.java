package io.atoll.chaos.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.chaos.ChaosWorld;
import io.atoll.testing.RestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A shard is moved to a node whose disk then fills up mid-transfer (transfers slowed by the run-time rate limit so
 * that it lands in the middle). While the disk is full the transfer must say why it does not move on; healed as
 * an operator would (the ballast deleted, the node restarted), it must finish by itself, and nothing acknowledged
 * may be lost meanwhile (the workloads' checkers).
 */
public final class TransferToFullDisk implements Fault {
    private static final byte[] CHUNK = new byte[1 << 20];
    private static final long SLOW_BYTES_PER_SEC = 2_000;

    private final String collection;

    public TransferToFullDisk(String collection) {
        this.collection = collection;
    }

    public String name() {
        return "transfer-to-full-disk";
    }

    public Set<NodeFeature> needs() {
        return Set.of(NodeFeature.TMPFS);
    }

    public Optional<Disruption> start(ChaosWorld world, Random random) throws Exception {
        List<Integer> up = world.upMembers().stream().filter(i -> i < world.scenario().nodes()).toList();
        if (up.size() < world.scenario().nodes()) {
            return Optional.empty();
        }
        RestClient via = world.patientClient(up.getFirst());
        JsonNode info = via.get("/collections/" + collection + "/cluster").result();
        if (!info.get("shard_transfers").isEmpty()) {
            return Optional.empty();
        }
        int shard = random.nextInt(info.get("shard_count").asInt());
        Map<Long, Boolean> replicas = new java.util.TreeMap<>();
        long self = info.get("peer_id").asLong();
        info.get("local_shards").forEach(s -> {
            if (s.get("shard_id").asInt() == shard) {
                replicas.put(self, s.get("primary").asBoolean());
            }
        });
        info.get("remote_shards").forEach(s -> {
            if (s.get("shard_id").asInt() == shard) {
                replicas.put(s.get("peer_id").asLong(), s.get("primary").asBoolean());
            }
        });
        long primary = replicas.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .findFirst().orElse(0L);
        int target = up.stream().filter(i -> !replicas.containsKey(world.cluster().peerId(i))).findFirst().orElse(-1);
        if (primary == 0 || target < 0) {
            return Optional.empty();
        }
        long targetPeer = world.cluster().peerId(target);
        rate(world, SLOW_BYTES_PER_SEC);
        RestClient.Response moved = via.post("/collections/" + collection + "/cluster", Map.of("move_shard", Map.of(
                "shard_id", shard, "from_peer_id", primary, "to_peer_id", targetPeer, "method", "stream_records")));
        if (moved.status() != 200) {
            rate(world, 0);
            return Optional.of(Completed.of("move of shard " + shard + " to node " + target + " refused: " + moved));
        }
        long until = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < until && pointsDone(via, targetPeer) <= 0) {
            Thread.sleep(100);
        }
        Path ballast = world.cluster().node(target).storage().resolve("ballast");
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(CHUNK);
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full, which is the point
        }
        // A small shard may be moved before the disk is full: then there is nothing to watch (seen with seed 9203).
        boolean finishedFirst = pointsDone(via, targetPeer) < 0;
        return Optional.of(new Disruption() {
            public String describe() {
                return "shard " + shard + " moving to node " + target + ", whose disk is full";
            }

            public void heal(ChaosWorld w) throws Exception {
                if (finishedFirst) {
                    Files.deleteIfExists(ballast);
                    w.restart(target);
                    rate(w, 0);
                    w.history().nemesis("observed", name(), "the move finished before the disk was full");
                    return;
                }
                String error = awaitError(via, targetPeer);
                Files.deleteIfExists(ballast);
                w.restart(target);
                rate(w, 0);
                if (error == null) {
                    throw new IllegalStateException("the transfer to node " + target + " with a full disk never "
                            + "said why it did not move on: " + via.get("/collections/" + collection + "/cluster"));
                }
                w.history().nemesis("observed", name(), "the transfer reported: " + error);
            }
        });
    }

    private long pointsDone(RestClient via, long to) {
        for (JsonNode t : via.get("/collections/" + collection + "/cluster").result().get("shard_transfers")) {
            if (t.get("to").asLong() == to) {
                return t.get("points_done").asLong();
            }
        }
        return -1;
    }

    /** The error the running transfer to {@code to} reports, waiting up to 15 s for it; null when none showed. */
    private String awaitError(RestClient via, long to) throws InterruptedException {
        long until = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < until) {
            for (JsonNode t : via.get("/collections/" + collection + "/cluster").result().get("shard_transfers")) {
                if (t.get("to").asLong() == to && t.hasNonNull("error")) {
                    return t.get("error").asText();
                }
            }
            Thread.sleep(200);
        }
        return null;
    }

    private static void rate(ChaosWorld world, long bytesPerSec) {
        for (int node : world.upMembers()) {
            try {
                world.patientClient(node).put("/cluster/transfer_rate_limit", Map.of("bytes_per_sec", bytesPerSec));
            } catch (RuntimeException e) {
                // a node that does not answer keeps its limit; the next heal sets it again
            }
        }
    }
}
