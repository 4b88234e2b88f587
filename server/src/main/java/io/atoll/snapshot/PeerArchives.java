package io.atoll.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.atoll.collection.CollectionRegistry;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.error.AtollException;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import io.atoll.transport.ArchiveHandler;
import io.atoll.transport.proto.ArchiveChunkRequest;
import io.atoll.transport.proto.ArchiveChunkResponse;
import io.atoll.transport.proto.ArchiveReleaseRequest;
import io.atoll.transport.proto.ArchiveReleaseResponse;
import io.atoll.transport.proto.ShardArchiveRequest;
import io.atoll.transport.proto.ShardArchiveResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Serves another node's collection snapshot with this node's replicas: writes a replica's archive into the snapshot
 * directory's {@code tmp/} (removed when released, or at the next start if the caller never does), and serves it in
 * chunks. Thread-safe.
 */
public final class PeerArchives implements ArchiveHandler {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The most a chunk carries: within the peer port's message limit with room to spare. */
    static final int MAX_CHUNK = 4 << 20;
    private static final String PREFIX = "peer-";

    private final SnapshotStore store;
    private final LocalReplicas replicas;
    private final CollectionRegistry registry;
    private final SnapshotTasks tasks;

    public PeerArchives(SnapshotStore store, LocalReplicas replicas, CollectionRegistry registry, SnapshotTasks tasks) {
        this.store = store;
        this.replicas = replicas;
        this.registry = registry;
        this.tasks = tasks;
    }

    @Override
    public ShardArchiveResponse shardArchive(ShardArchiveRequest request) {
        CollectionMeta meta = registry.get(request.getCollection()).meta();
        LocalReplica replica = replicas.get(meta.name(), request.getShard());
        if (replica == null || !replica.state().isInSync()) {
            throw AtollException.notFound("no in-sync replica of shard " + request.getShard() + " of collection `"
                    + meta.name() + "` on this node");
        }
        Path target = store.tmpDir().resolve(PREFIX + UUID.randomUUID() + SnapshotStore.SUFFIX);
        SnapshotTasks.Task task = tasks.start("shard snapshot for another node", meta.name() + "/" + request.getShard());
        try {
            SnapshotManifest.Shard shard = ShardArchives.writeArchive(target, meta, replica, task);
            task.succeeded();
            return ShardArchiveResponse.newBuilder().setName(target.getFileName().toString())
                    .setSize(Files.size(target)).setShard(ByteString.copyFrom(JSON.writeValueAsBytes(shard))).build();
        } catch (IOException | RuntimeException e) {
            task.failed(e);
            throw AtollException.internal("could not write the snapshot of shard " + request.getShard() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public ArchiveChunkResponse chunk(ArchiveChunkRequest request) {
        Path p = archive(request.getName());
        int length = Math.min(request.getLength(), MAX_CHUNK);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, ch.size() - request.getOffset())));
            while (buf.hasRemaining() && ch.read(buf, request.getOffset() + buf.position()) >= 0) {
                // a positional read may return less than asked
            }
            // The buffer is this call's alone: wrapped, not copied a second time.
            return ArchiveChunkResponse.newBuilder().setData(UnsafeByteOperations.unsafeWrap(buf.flip())).build();
        } catch (IOException e) {
            throw AtollException.internal("reading snapshot " + request.getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArchiveReleaseResponse release(ArchiveReleaseRequest request) {
        try {
            store.delete(archive(request.getName()));
        } catch (IOException | AtollException e) {
            // gone already, or removed at the next start
        }
        return ArchiveReleaseResponse.getDefaultInstance();
    }

    private Path archive(String name) {
        if (!name.startsWith(PREFIX)) {
            throw AtollException.notFound("Snapshot " + name + " not found");
        }
        return store.existing(store.tmpDir(), name);
    }
}
