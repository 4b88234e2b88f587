package io.atoll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard transfers on a local 3-node cluster: a stream_records copy of an N-point shard (points/s and MB/s), and a
 * snapshot copy of the same shard against it, next
 * to the loopback and disk-write bandwidth measured in the same run; write latency before and during a move of
 * that shard under a steady single-writer load (and the writer's errors); and the recovery of a replica that
 * missed 10,000 operations by wal_delta against the snapshot and stream_records copies of the same shard.
 */
final class TransferBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long LIMIT_BYTES = 512L << 20;
    private static final String C = "transfer";

    private final List<ServerProcess> nodes = new ArrayList<>();
    private final NodeCalls calls = new NodeCalls(nodes);
    private final List<Long> peers = new ArrayList<>();
    private final Cleanup cleanup;

    private TransferBench(Cleanup cleanup) {
        this.cleanup = cleanup;
    }

    static ObjectNode run(Dataset data, int points, int batch, Path work) throws Exception {
        try (Cleanup cleanup = new Cleanup()) {
            return new TransferBench(cleanup).measure(data, points, batch, work);
        }
    }

    private ObjectNode measure(Dataset data, int points, int batch, Path work) throws Exception {
        ObjectNode out = JSON.createObjectNode();
        double loopback = loopbackMBps();
        double disk = diskMBps(work);
        for (int i = 0; i < 3; i++) {
            Path dir = Files.createDirectories(work.resolve("node-" + i));
            nodes.add(ServerProcess.start(dir.resolve("storage"), dir.resolve("node.log"), cleanup, "-Xmx2g",
                    i == 0 ? null : nodes.getFirst().peerUrl()));
            peers.add(call(i, "GET", "/cluster", null).get("result").get("peer_id").asLong());
        }
        RestTarget target = new RestTarget(nodes.getFirst());
        target.createCollection(C, data.dimension(), 1, 1);
        Ingest.run(target, C, data, points, batch);
        int holder = holderOf(0);
        int second = (holder + 1) % 3;
        int third = (holder + 2) % 3;

        quiet();
        long bytesBefore = metric(holder, "atoll_transfer_bytes_copied_total");
        double copySeconds = transfer("replicate_shard", holder, second, "stream_records");
        double copiedMB = (metric(holder, "atoll_transfer_bytes_copied_total") - bytesBefore) / 1e6;
        System.out.printf(Locale.ROOT, "%nShard transfer of %,d points (%d dimensions), 3 nodes on this machine%n%n",
                points, data.dimension());
        System.out.println("| measure | value | against |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| loopback TCP, one stream | %.0f MB/s | |%n", loopback);
        System.out.printf(Locale.ROOT, "| disk write + fsync | %.0f MB/s | |%n", disk);
        System.out.printf(Locale.ROOT, "| stream_records copy | %,.0f points/s, %.1f MB/s (%.1f MB in %.1f s) | "
                        + "%.2f of disk, %.3f of loopback |%n", points / copySeconds, copiedMB / copySeconds, copiedMB,
                copySeconds, copiedMB / copySeconds / disk, copiedMB / copySeconds / loopback);
        out.put("points", points).put("loopback_mb_per_sec", loopback).put("disk_mb_per_sec", disk)
                .put("stream_records_seconds", copySeconds).put("stream_records_mb", copiedMB)
                .put("stream_records_points_per_sec", points / copySeconds);

        // The same shard copied by a snapshot of its index, then that copy dropped again.
        quiet(); // the stream_records copy's target merges its new segments for a while
        long shippedBefore = metric(holder, "atoll_transfer_snapshot_bytes_sent_total");
        double snapshotSeconds = transfer("replicate_shard", holder, third, "snapshot");
        double shippedMB = (metric(holder, "atoll_transfer_snapshot_bytes_sent_total") - shippedBefore) / 1e6;
        System.out.printf(Locale.ROOT, "| snapshot copy | %,.0f points/s, %.1f MB/s (%.1f MB of index in %.1f s) | "
                        + "%.2fx the stream_records copy's speed |%n", points / snapshotSeconds,
                shippedMB / snapshotSeconds, shippedMB, snapshotSeconds, copySeconds / snapshotSeconds);
        out.put("snapshot_seconds", snapshotSeconds).put("snapshot_mb", shippedMB)
                .put("snapshot_points_per_sec", points / snapshotSeconds)
                .put("snapshot_speedup_over_stream_records", copySeconds / snapshotSeconds);
        call(holder, "POST", "/collections/" + C + "/cluster", Map.of("drop_replica", Map.of("shard_id", 0,
                "peer_id", peers.get(third))));
        awaitState(holder, third, null);

        // Latency of single-point writes through the node holding no replica, before and during a move.
        int via = third;
        long[][] before = steadyWrites(via, data, points, () -> sleep(10_000), new int[1]);
        int[] errors = new int[1];
        long[][] during = steadyWrites(via, data, points + 100_000, () -> {
            try {
                transfer("move_shard", holder, third, "stream_records");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, errors);
        LatencyStats b = LatencyStats.of(before[0]);
        LatencyStats d = LatencyStats.of(during[0]);
        System.out.printf(Locale.ROOT, "| write p50 / p99 before a move | %.1f / %.1f ms (%d writes) | |%n",
                b.p50Ms(), b.p99Ms(), b.samples());
        System.out.printf(Locale.ROOT, "| write p50 / p99 during a move | %.1f / %.1f ms (%d writes, %d errors) | "
                + "p99 %.2fx before |%n", d.p50Ms(), d.p99Ms(), d.samples(), errors[0], d.p99Ms() / b.p99Ms());
        out.put("write_p50_before_ms", b.p50Ms()).put("write_p99_before_ms", b.p99Ms())
                .put("write_p50_during_ms", d.p50Ms()).put("write_p99_during_ms", d.p99Ms())
                .put("write_errors_during_move", errors[0]);

        // A replica down while 10,000 operations happen comes back by wal_delta.
        int down = second;
        nodes.get(down).close();
        awaitState(third, down, "Dead");
        missedWrites(third, data, points + 200_000, 10_000);
        quiet();
        long start = System.nanoTime();
        nodes.set(down, nodes.get(down).restart(cleanup));
        double restart = (System.nanoTime() - start) / 1e9;
        awaitState(third, down, "Active");
        double walDelta = (System.nanoTime() - start) / 1e9 - restart;
        System.out.printf(Locale.ROOT, "| wal_delta recovery of 10,000 missed operations | %.1f s once the node is up "
                + "(its restart: %.1f s) | %.2f of the snapshot copy, %.2f of the stream_records copy |%n", walDelta,
                restart, walDelta / snapshotSeconds, walDelta / copySeconds);
        out.put("wal_delta_seconds", walDelta).put("restart_seconds", restart)
                .put("wal_delta_over_snapshot", walDelta / snapshotSeconds)
                .put("wal_delta_over_copy", walDelta / copySeconds);
        return out;
    }

    /**
     * Waits until no node works in the background (merges after a load or a copy): on two cores a merge on any
     * node takes half the machine from the transfer measured next.
     */
    private void quiet() {
        Settle.awaitQuiet(nodes.stream().<java.util.function.Supplier<Duration>>map(n -> n::cpuTime).toList(),
                "the cluster", Duration.ofMinutes(3));
    }

    /** Starts a transfer of shard 0 and returns the seconds until the target is Active and no transfer runs. */
    private double transfer(String op, int from, int to, String method) throws IOException {
        long start = System.nanoTime();
        call(from, "POST", "/collections/" + C + "/cluster", Map.of(op, Map.of("shard_id", 0, "from_peer_id",
                peers.get(from), "to_peer_id", peers.get(to), "method", method)));
        awaitState(from, to, "Active");
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Waits until node {@code via} reports the replica on node {@code node} in {@code state} (null: gone), no
     * transfer running.
     */
    private void awaitState(int via, int node, String state) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode r = call(via, "GET", "/collections/" + C + "/cluster", null).get("result");
                if (r.get("shard_transfers").isEmpty() && java.util.Objects.equals(state, stateOf(r, peers.get(node)))) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // a node starting up; ask again
            }
            sleep(50);
        }
        throw new IOException("node " + node + " never became " + state);
    }

    private static String stateOf(JsonNode r, long peer) {
        if (r.get("peer_id").asLong() == peer) {
            return r.get("local_shards").isEmpty() ? null : r.get("local_shards").get(0).get("state").asText();
        }
        for (JsonNode s : r.get("remote_shards")) {
            if (s.get("peer_id").asLong() == peer) {
                return s.get("state").asText();
            }
        }
        return null;
    }

    private int holderOf(int shard) throws IOException {
        for (int i = 0; i < 3; i++) {
            if (!call(i, "GET", "/collections/" + C + "/cluster", null).get("result").get("local_shards").isEmpty()) {
                return i;
            }
        }
        throw new IOException("no node holds shard " + shard);
    }

    /**
     * One writer upserting single points with wait=true, 100 per second at most, through node {@code via} while
     * {@code during} runs; returns the latencies in nanoseconds. The writer's own cost is the JDK client's, far
     * below a write's (it prepares each body before its clock starts).
     */
    private long[][] steadyWrites(int via, Dataset data, long firstId, Runnable during, int[] errors) {
        List<Long> latencies = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (long id = firstId; !stop.get(); id++) {
                byte[] body = point(id, data.base()[(int) (id % data.base().length)]);
                long t0 = System.nanoTime();
                try {
                    send(via, "PUT", "/collections/" + C + "/points?wait=true", body);
                    synchronized (latencies) {
                        latencies.add(System.nanoTime() - t0);
                    }
                } catch (IOException | RuntimeException e) {
                    errors[0]++;
                }
                long spent = (System.nanoTime() - t0) / 1_000_000;
                sleep(Math.max(0, 10 - spent));
            }
        });
        try {
            during.run();
        } finally {
            stop.set(true);
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (latencies) {
            return new long[][]{latencies.stream().mapToLong(Long::longValue).toArray()};
        }
    }

    /** {@code ops} single-point upserts through node {@code via}, four writers. */
    private void missedWrites(int via, Dataset data, long firstId, int ops) throws InterruptedException {
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong(firstId);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(Thread.ofVirtual().start(() -> {
                for (long id = next.getAndIncrement(); id < firstId + ops; id = next.getAndIncrement()) {
                    try {
                        send(via, "PUT", "/collections/" + C + "/points?wait=true",
                                point(id, data.base()[(int) (id % data.base().length)]));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    private static byte[] point(long id, float[] v) {
        StringBuilder b = new StringBuilder("{\"points\":[{\"id\":").append(id).append(",\"vector\":[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ",").append(v[i]);
        }
        return b.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private long metric(int node, String name) throws IOException {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.eE+]+)$").matcher(calls.metrics(node));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private JsonNode call(int node, String method, String path, Object body) throws IOException {
        return calls.call(node, method, path, body);
    }

    private byte[] send(int node, String method, String path, byte[] body) throws IOException {
        return calls.send(node, method, path, body);
    }

    /** One TCP stream over the loopback: 512 MiB written in 1 MiB chunks to a reader that drops them. */
    private static double loopbackMBps() throws IOException, InterruptedException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread reader = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[1 << 20];
                    while (in.read(buf) >= 0) {
                        // drained
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long start = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 OutputStream out = s.getOutputStream()) {
                byte[] chunk = new byte[1 << 20];
                for (long sent = 0; sent < LIMIT_BYTES; sent += chunk.length) {
                    out.write(chunk);
                }
            }
            reader.join();
            return LIMIT_BYTES / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** 512 MiB written to a file in the cluster's directory in 1 MiB writes, then fsynced. */
    private static double diskMBps(Path work) throws IOException {
        Path f = work.resolve("disk-probe");
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long written = 0; written < LIMIT_BYTES; written += chunk.capacity()) {
                chunk.clear();
                ch.write(chunk);
            }
            ch.force(true);
        }
        double mbps = LIMIT_BYTES / 1e6 / ((System.nanoTime() - start) / 1e9);
        Files.delete(f);
        return mbps;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
