package io.atoll.api.rest;

import static io.atoll.api.rest.JsonInput.allowOnly;
import static io.atoll.api.rest.JsonInput.formatError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.atoll.snapshot.ReceivedSnapshot;
import io.atoll.snapshot.SnapshotPriority;
import io.atoll.snapshot.SnapshotStore;
import io.atoll.snapshot.SnapshotTasks;
import io.atoll.snapshot.Snapshots;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qdrant's snapshot endpoints: collection snapshots ({@code /collections/{c}/snapshots...}), shard snapshots
 * ({@code /collections/{c}/shards/{id}/snapshots...} and {@code .../snapshot} made on the fly), full snapshots
 * ({@code /snapshots...}), recovery from a URL or an upload; and Atoll's {@code GET /snapshots/tasks}, the
 * creations and recoveries running with their progress and ETA. Creations and recoveries wait by default; with
 * {@code wait=false} they run on and answer 202, as in Qdrant.
 */
final class SnapshotRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRoutes.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> RECOVER_FIELDS = Set.of("location", "priority", "checksum", "api_key");

    private final Snapshots snapshots;

    SnapshotRoutes(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    void register(RoutesConfig r) {
        r.get("/snapshots/tasks", this::tasks);
        r.post("/snapshots", ctx -> waitOrAccept(ctx, () -> description(snapshots.createFull())));
        r.get("/snapshots", ctx -> Http.ok(ctx, list(snapshots.listFull())));
        r.get("/snapshots/{snapshot}", ctx -> download(ctx, snapshots.fullSnapshot(ctx.pathParam("snapshot")), false));
        r.delete("/snapshots/{snapshot}", ctx -> waitOrAccept(ctx, () -> {
            snapshots.deleteFullSnapshot(ctx.pathParam("snapshot"));
            return BooleanNode.TRUE;
        }));

        r.post("/collections/{name}/snapshots", ctx -> waitOrAccept(ctx,
                () -> description(snapshots.createCollection(ctx.pathParam("name")))));
        r.get("/collections/{name}/snapshots", ctx -> Http.ok(ctx, list(snapshots.listCollection(ctx.pathParam("name")))));
        r.get("/collections/{name}/snapshots/{snapshot}", ctx -> download(ctx,
                snapshots.collectionSnapshot(ctx.pathParam("name"), ctx.pathParam("snapshot")), false));
        r.delete("/collections/{name}/snapshots/{snapshot}", ctx -> waitOrAccept(ctx, () -> {
            snapshots.deleteCollectionSnapshot(ctx.pathParam("name"), ctx.pathParam("snapshot"));
            return BooleanNode.TRUE;
        }));
        r.put("/collections/{name}/snapshots/recover", ctx -> {
            Recover rec = recoverBody(Http.body(ctx, false));
            String name = ctx.pathParam("name");
            waitOrAccept(ctx, () -> {
                snapshots.recoverCollection(name, rec.location, rec.priority, rec.checksum, rec.apiKey);
                return BooleanNode.TRUE;
            });
        });
        r.post("/collections/{name}/snapshots/upload", ctx -> upload(ctx, (received, priority) ->
                snapshots.recoverCollection(ctx.pathParam("name"), received, priority)));

        r.post("/collections/{name}/shards/{shard}/snapshots", ctx -> waitOrAccept(ctx,
                () -> description(snapshots.createShard(ctx.pathParam("name"), shard(ctx)))));
        r.get("/collections/{name}/shards/{shard}/snapshots", ctx -> Http.ok(ctx,
                list(snapshots.listShard(ctx.pathParam("name"), shard(ctx)))));
        r.get("/collections/{name}/shards/{shard}/snapshots/{snapshot}", ctx -> download(ctx,
                snapshots.shardSnapshot(ctx.pathParam("name"), shard(ctx), ctx.pathParam("snapshot")), false));
        r.delete("/collections/{name}/shards/{shard}/snapshots/{snapshot}", ctx -> waitOrAccept(ctx, () -> {
            snapshots.deleteShardSnapshot(ctx.pathParam("name"), shard(ctx), ctx.pathParam("snapshot"));
            return BooleanNode.TRUE;
        }));
        r.get("/collections/{name}/shards/{shard}/snapshot", ctx -> download(ctx,
                snapshots.shardSnapshotNow(ctx.pathParam("name"), shard(ctx)), true));
        r.put("/collections/{name}/shards/{shard}/snapshots/recover", ctx -> {
            Recover rec = recoverBody(Http.body(ctx, false));
            String name = ctx.pathParam("name");
            int shard = shard(ctx);
            waitOrAccept(ctx, () -> {
                snapshots.recoverShard(name, shard, rec.location, rec.priority, rec.checksum, rec.apiKey);
                return BooleanNode.TRUE;
            });
        });
        r.post("/collections/{name}/shards/{shard}/snapshots/upload", ctx -> {
            int shard = shard(ctx);
            upload(ctx, (received, priority) ->
                    snapshots.recoverShard(ctx.pathParam("name"), shard, received, priority));
        });
    }

    private record Recover(String location, SnapshotPriority priority, String checksum, String apiKey) {
    }

    private static Recover recoverBody(ObjectNode body) {
        allowOnly(body, "the recover request", RECOVER_FIELDS);
        String location = JsonInput.text(JsonInput.required(body, "location"), "location");
        if (location.isBlank()) {
            throw JsonInput.validationError("location: must not be empty");
        }
        String p = JsonInput.optText(body, "priority");
        SnapshotPriority priority = p == null ? SnapshotPriority.SNAPSHOT : SnapshotPriority.byName(p);
        if (priority == null) {
            throw formatError("unknown variant `" + p + "` of `priority`, expected one of " + SnapshotPriority.names());
        }
        return new Recover(location, priority, checksum(JsonInput.optText(body, "checksum")),
                JsonInput.optText(body, "api_key"));
    }

    private static String checksum(String c) {
        if (c != null && !c.matches("[0-9a-fA-F]{64}")) {
            throw AtollException.badRequest("Bad request: `checksum` must be a SHA-256 in hex (64 digits), got `"
                    + c + "`");
        }
        return c;
    }

    private interface UploadRecovery {
        void recover(ReceivedSnapshot received, SnapshotPriority priority);
    }

    /** Qdrant's upload: a multipart form whose part {@code snapshot} is the archive; priority and checksum in the query. */
    private void upload(Context ctx, UploadRecovery recovery) throws IOException {
        String p = ctx.queryParam("priority");
        SnapshotPriority priority = p == null ? SnapshotPriority.SNAPSHOT : SnapshotPriority.byName(p);
        if (priority == null) {
            throw AtollException.badRequest("Query deserialize error: unknown variant `" + p + "` of `priority`, "
                    + "expected one of " + SnapshotPriority.names());
        }
        String checksum = checksum(ctx.queryParam("checksum"));
        boolean wait = Http.boolParam(ctx, "wait", true);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            throw AtollException.badRequest("Bad request: a snapshot upload is a multipart/form-data request with "
                    + "the archive in part `snapshot`");
        }
        UploadedFile file = uploadedSnapshot(ctx);
        if (file == null) {
            throw AtollException.badRequest("Bad request: the upload has no part named `snapshot`");
        }
        // Received whole (and its checksum checked) before answering, also without wait: the part is gone
        // once the request ends.
        ReceivedSnapshot received;
        try (InputStream in = file.content()) {
            received = snapshots.receive(in, checksum);
        }
        waitOrAccept(ctx, wait, () -> {
            recovery.recover(received, priority);
            return BooleanNode.TRUE;
        });
    }

    /**
     * The part {@code snapshot}, as Jetty received it (kept on the snapshot directory's disk): a failure of that
     * disk is this node's (500, naming it); anything else is a malformed form (400).
     */
    private static UploadedFile uploadedSnapshot(Context ctx) {
        try {
            return ctx.uploadedFile("snapshot");
        } catch (Exception e) { // Jetty's ServletException too, which the Kotlin API throws undeclared
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException io && !(t instanceof java.io.EOFException)) {
                    throw AtollException.internal("receiving the uploaded snapshot failed on this node's disk: "
                            + io.getMessage(), e);
                }
            }
            throw AtollException.badRequest("Bad request: the upload is not a well-formed multipart form: "
                    + e.getMessage());
        }
    }

    private static int shard(Context ctx) {
        String s = ctx.pathParam("shard");
        if (!s.matches("[0-9]{1,9}")) {
            throw AtollException.badRequest("Validation error in path parameters: `shard_id` must be a shard "
                    + "number, got `" + s + "`");
        }
        return Integer.parseInt(s);
    }

    private void tasks(Context ctx) throws IOException {
        ObjectNode result = F.objectNode();
        ArrayNode list = result.putArray("tasks");
        for (SnapshotTasks.View v : snapshots.tasks().list()) {
            ObjectNode t = list.addObject();
            t.put("id", v.id());
            t.put("kind", v.kind());
            t.put("target", v.target());
            t.put("status", v.status());
            t.put("stage", v.stage());
            t.putObject("progress").put("done", v.done()).put("total", v.total()).put("unit", v.unit());
            t.put("started_at_millis", v.startedAtMillis());
            if (v.etaSeconds() == null) {
                t.putNull("eta_seconds");
            } else {
                t.put("eta_seconds", v.etaSeconds());
            }
            if (v.error() != null) {
                t.put("error", v.error());
            }
        }
        result.put("used_bytes", snapshots.usedBytes());
        Http.ok(ctx, result);
    }

    private static JsonNode list(List<SnapshotStore.Description> all) {
        ArrayNode out = F.arrayNode();
        all.forEach(d -> out.add(description(d)));
        return out;
    }

    private static JsonNode description(SnapshotStore.Description d) {
        ObjectNode o = F.objectNode();
        o.put("name", d.name());
        o.put("creation_time", d.creationTime());
        o.put("size", d.size());
        if (d.checksum() == null) {
            o.putNull("checksum");
        } else {
            o.put("checksum", d.checksum());
        }
        return o;
    }

    private void download(Context ctx, Path file, boolean deleteAfter) throws IOException {
        // Sent as stored: its length and SHA-256 are the listed ones (and tar of index files barely compresses).
        ctx.disableCompression();
        ctx.status(200).contentType("application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .header("Content-Length", Long.toString(Files.size(file)));
        ctx.result(deleteAfter ? discarding(file) : Files.newInputStream(file));
    }

    /** A stream over a snapshot made for this download that discards it when closed. */
    private InputStream discarding(Path file) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    snapshots.discard(file);
                }
            }
        };
    }

    private static void waitOrAccept(Context ctx, Supplier<JsonNode> work) {
        waitOrAccept(ctx, Http.boolParam(ctx, "wait", true), work);
    }

    /** Runs {@code work} and answers its result, or with wait=false answers 202 at once and runs it on. */
    private static void waitOrAccept(Context ctx, boolean wait, Supplier<JsonNode> work) {
        if (wait) {
            Http.ok(ctx, work.get());
            return;
        }
        // Read now: the request is over by the time the work ends.
        String request = ctx.method() + " " + ctx.path();
        Thread.ofVirtual().name("snapshot-task").start(() -> {
            try {
                work.get();
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", request, e.getMessage());
            }
        });
        ObjectNode o = F.objectNode();
        o.set("result", NullNode.instance);
        o.put("status", "accepted");
        o.put("time", Http.elapsedSeconds(ctx));
        Http.write(ctx, 202, o);
    }
}
