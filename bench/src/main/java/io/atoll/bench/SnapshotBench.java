package io.atoll.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Snapshot throughput (issue 16's benchmark) on one node: the collection loaded through REST, then a collection
 * snapshot created, downloaded, and recovered into a new collection by upload, each in MB/s of the archive; next
 * to, from the same run and the same disk, a plain copy of the archive's bytes (read, written, synced) as the
 * disk's bandwidth, and the REST ingest rate of the same points (recovery writes the points again, so indexing,
 * not the disk, bounds it).
 */
final class SnapshotBench {
    private static final String C = "snapshots";
    private static final String RESTORED = "restored";

    private SnapshotBench() {
    }

    static ObjectNode run(Dataset data, int points, int batch, Path work) throws Exception {
        try (Cleanup cleanup = new Cleanup()) {
            Path dir = Files.createDirectories(work.resolve("node"));
            ServerProcess node = ServerProcess.start(dir.resolve("storage"), dir.resolve("node.log"), cleanup);
            NodeCalls calls = new NodeCalls(List.of(node));
            RestTarget target = new RestTarget(node);
            target.createCollection(C, data.dimension());
            Ingest.Result ingest = Ingest.run(target, C, data, points, batch);
            Settle.awaitQuiet(List.of(node::cpuTime), "the node", java.time.Duration.ofMinutes(3));

            long t0 = System.nanoTime();
            JsonNode created = calls.call(0, "POST", "/collections/" + C + "/snapshots?wait=true", null).get("result");
            double createSeconds = seconds(t0);
            String name = created.get("name").asText();
            long size = created.get("size").asLong();

            Path file = work.resolve("downloaded.snapshot");
            long t1 = System.nanoTime();
            download(node.url() + "/collections/" + C + "/snapshots/" + name, file);
            double downloadSeconds = seconds(t1);

            Path copy = work.resolve("copy.bin");
            long t2 = System.nanoTime();
            copySynced(file, copy);
            double copySeconds = seconds(t2);
            Files.delete(copy);

            long t3 = System.nanoTime();
            upload(node.url() + "/collections/" + RESTORED + "/snapshots/upload?wait=true", file);
            double recoverSeconds = seconds(t3);
            long restored = calls.call(0, "POST", "/collections/" + RESTORED + "/points/count",
                    Map.of("exact", true)).get("result").get("count").asLong();

            double mb = size / 1e6;
            double disk = mb / copySeconds;
            System.out.printf(Locale.ROOT, "%nSnapshots of %,d points (%d dimensions) on one node: a %.1f MB archive%n%n",
                    points, data.dimension(), mb);
            System.out.println("| step | time | MB/s | ratio to the disk copy | points/s |");
            System.out.println("|---|---|---|---|---|");
            row("disk: copy the archive (read, write, fsync)", copySeconds, mb, disk, 0);
            row("create a collection snapshot", createSeconds, mb, disk, 0);
            row("download it over REST", downloadSeconds, mb, disk, 0);
            row("recover it into a new collection (upload)", recoverSeconds, mb, disk, points / recoverSeconds);
            System.out.printf(Locale.ROOT, "| baseline: REST ingest of the same points (batches of %d) | %.1f s | | "
                    + "| %,.0f |%n", batch, ingest.callSeconds(), ingest.pointsPerSec());
            System.out.printf(Locale.ROOT, "%nrecovery ÷ ingest, points/s: %.2f%n", (points / recoverSeconds)
                    / ingest.pointsPerSec());
            if (restored != points) {
                System.out.printf(Locale.ROOT, "%nWARNING: the recovered collection counts %,d points, not %,d%n",
                        restored, points);
            }
            ObjectNode out = NodeCalls.JSON.createObjectNode();
            out.put("points", points).put("archive_mb", mb).put("disk_copy_mb_per_s", disk)
                    .put("create_seconds", createSeconds).put("create_mb_per_s", mb / createSeconds)
                    .put("download_seconds", downloadSeconds).put("download_mb_per_s", mb / downloadSeconds)
                    .put("recover_seconds", recoverSeconds).put("recover_mb_per_s", mb / recoverSeconds)
                    .put("recover_points_per_s", points / recoverSeconds)
                    .put("ingest_points_per_s", ingest.pointsPerSec()).put("points_recovered", restored);
            return out;
        }
    }

    private static void row(String step, double seconds, double mb, double disk, double pointsPerSec) {
        System.out.printf(Locale.ROOT, "| %s | %.2f s | %.0f | %.2f | %s |%n", step, seconds, mb / seconds,
                (mb / seconds) / disk, pointsPerSec > 0 ? String.format(Locale.ROOT, "%,.0f", pointsPerSec) : "");
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The disk's bandwidth for the same bytes: read the archive, write a copy, sync it. */
    private static void copySynced(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from);
             FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
            in.transferTo(out);
            ch.force(true);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static void download(String url, Path to) throws IOException, InterruptedException {
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(to));
        if (r.statusCode() != 200) {
            throw new IOException("GET " + url + " -> " + r.statusCode());
        }
    }

    private static void upload(String url, Path file) throws IOException, InterruptedException {
        String boundary = "bench-" + UUID.randomUUID();
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
                        + "name=\"snapshot\"; filename=\"x.snapshot\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("content-type", "multipart/form-data; boundary=" + boundary).POST(body).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("upload -> " + r.statusCode() + " " + r.body());
        }
    }
}
