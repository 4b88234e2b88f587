package io.atoll.transfer;

import io.atoll.cluster.meta.ClusterImage;
import io.atoll.cluster.meta.CollectionMeta;
import io.atoll.cluster.meta.NodeMetadata;
import io.atoll.cluster.meta.ReplicaId;
import io.atoll.cluster.meta.ShardInfo;
import io.atoll.cluster.meta.ShardTransfer;
import io.atoll.error.AtollException;
import io.atoll.replication.LocalReplica;
import io.atoll.replication.LocalReplicas;
import io.atoll.shard.LogPosition;
import io.atoll.shard.SnapshotStaging;
import io.atoll.shard.engine.SnapshotFile;
import io.atoll.transport.SnapshotHandler;
import io.atoll.transport.proto.SnapshotChunkRequest;
import io.atoll.transport.proto.SnapshotChunkResponse;
import io.atoll.transport.proto.SnapshotFilesRequest;
import io.atoll.transport.proto.SnapshotFilesResponse;
import io.atoll.transport.proto.SnapshotInstallRequest;
import io.atoll.transport.proto.SnapshotInstallResponse;
import io.atoll.transport.proto.SnapshotTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target node's side of snapshot transfers: takes the files of a snapshot into the directory of a replica the
 * metadata says awaits one (a snapshot transfer's target, closed meanwhile), checks every chunk's CRC32C and every
 * whole file's Lucene checksum, and installs them when the source says all arrived. The calls for one replica are
 * serialised (a chunk waiting for an earlier one lets the others in); those for different replicas are not.
 */
public final class SnapshotReceiver implements SnapshotHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotReceiver.class);

    /** Longer than a chunk takes to arrive behind the one before it; after it the chunk is refused. */
    private static final Duration OUT_OF_ORDER_WAIT = Duration.ofSeconds(5);

    private final long self;
    private final NodeMetadata metadata;
    private final LocalReplicas replicas;
    private final Function<ReplicaId, Path> dirs;
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    public SnapshotReceiver(long self, NodeMetadata metadata, LocalReplicas replicas, Function<ReplicaId, Path> dirs) {
        this.self = self;
        this.metadata = metadata;
        this.replicas = replicas;
        this.dirs = dirs;
    }

    @Override
    public SnapshotFilesResponse files(SnapshotFilesRequest request) {
        SnapshotStaging.Staged staged;
        synchronized (lock(request.getTarget())) {
            staged = io(() -> staging(request.getTarget()).staged());
        }
        SnapshotFilesResponse.Builder b = SnapshotFilesResponse.newBuilder();
        staged.complete().forEach(f -> b.addComplete(proto(f)));
        staged.partial().forEach(f -> b.addPartial(proto(f)));
        return b.build();
    }

    @Override
    public SnapshotChunkResponse chunk(SnapshotChunkRequest request) {
        CRC32C crc = new CRC32C();
        crc.update(request.getData().asReadOnlyByteBuffer());
        if ((int) crc.getValue() != request.getCrc32C()) {
            throw AtollException.badRequest("chunk of " + request.getFile().getName() + " at "
                    + request.getOffset() + " arrived damaged (CRC32C mismatch)");
        }
        SnapshotFile file = file(request.getFile());
        Object lock = lock(request.getTarget());
        long received;
        synchronized (lock) {
            SnapshotStaging staging = staging(request.getTarget());
            awaitEarlierChunks(lock, staging, file, request.getOffset());
            received = io(() -> staging.write(file, request.getOffset(), request.getData().asReadOnlyByteBuffer()));
            lock.notifyAll();
        }
        return SnapshotChunkResponse.newBuilder().setReceived(received).build();
    }

    /**
     * A source keeps a few chunks in flight, sent in order, and they may arrive out of it: a chunk waits (not
     * holding the lock) for those before it, for a while. Writing only in order keeps what arrived a prefix of
     * each file, which is what a restarted transfer resumes from.
     */
    private static void awaitEarlierChunks(Object lock, SnapshotStaging staging, SnapshotFile file, long offset) {
        long deadline = System.nanoTime() + OUT_OF_ORDER_WAIT.toNanos();
        try {
            while (offset > io(() -> staging.received(file)) && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(lock, deadline - System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AtollException.unavailable("interrupted while receiving a snapshot chunk");
        }
    }

    @Override
    public SnapshotInstallResponse install(SnapshotInstallRequest request) {
        SnapshotTarget t = request.getTarget();
        synchronized (lock(t)) {
            install(t, request);
        }
        return SnapshotInstallResponse.getDefaultInstance();
    }

    private void install(SnapshotTarget t, SnapshotInstallRequest request) {
        ReplicaId target = replicaOf(t);
        SnapshotStaging staging = new SnapshotStaging(dirs.apply(target));
        LocalReplica open = replicas.get(t.getCollection(), t.getShard());
        if (open != null && open.id().incarnation() == t.getIncarnation()) {
            throw AtollException.unavailable("the replica of shard " + t.getShard() + " of collection `"
                    + t.getCollection() + "` is still open here; it closes when this node acts on the transfer");
        }
        if (replicas.filesHeld(target)) {
            throw AtollException.unavailable("a snapshot archive still reads the files of the replica of shard "
                    + t.getShard() + " of collection `" + t.getCollection() + "`; the install waits for it");
        }
        List<SnapshotFile> files = request.getFilesList().stream().map(SnapshotReceiver::file).toList();
        LogPosition position = new LogPosition(request.getSeq(), request.getTerm());
        io(() -> {
            staging.install(files, position);
            return null;
        });
        LOG.info("installed a snapshot of {} files into shard {} of collection `{}` (incarnation {}), log after {}",
                files.size(), t.getShard(), t.getCollection(), t.getIncarnation(), position);
    }

    /**
     * The monitor of one target replica's staging: calls for different replicas go on side by side. Kept after
     * the install (a few bytes per snapshot received): removing it would let a late call take a new monitor
     * while another still holds the old one.
     */
    private Object lock(SnapshotTarget t) {
        return locks.computeIfAbsent(key(t), k -> new Object());
    }

    private static String key(SnapshotTarget t) {
        return t.getCollection() + "/" + t.getShard() + "/" + t.getIncarnation();
    }

    private SnapshotStaging staging(SnapshotTarget t) {
        return new SnapshotStaging(dirs.apply(replicaOf(t)));
    }

    /** The replica the request is for, once the metadata says it awaits a snapshot. */
    private ReplicaId replicaOf(SnapshotTarget t) {
        metadata.requireActed(t.getMetadataIndex());
        ClusterImage image = metadata.image();
        CollectionMeta c = image.collections().get(t.getCollection());
        ShardInfo s = c == null ? null : c.shard(t.getShard());
        ShardTransfer transfer = s == null ? null : s.transfers().get(self);
        if (transfer == null || transfer.toIncarnation() != t.getIncarnation() || !transfer.targetAwaitsInstall()) {
            throw AtollException.notFound("no snapshot transfer awaits installation into shard " + t.getShard()
                    + " of collection `" + t.getCollection() + "` (incarnation " + t.getIncarnation() + ") here");
        }
        return new ReplicaId(c.name(), c.uuid(), s.id(), t.getIncarnation());
    }

    static io.atoll.transport.proto.SnapshotFile proto(SnapshotFile f) {
        return io.atoll.transport.proto.SnapshotFile.newBuilder().setName(f.name()).setLength(f.length())
                .setChecksum(f.checksum()).build();
    }

    static SnapshotFile file(io.atoll.transport.proto.SnapshotFile f) {
        return new SnapshotFile(f.getName(), f.getLength(), f.getChecksum());
    }

    private interface FileWork<T> {
        T run() throws IOException;
    }

    private static <T> T io(FileWork<T> work) {
        try {
            return work.run();
        } catch (IOException e) {
            throw AtollException.internal("snapshot files: " + e.getMessage(), e);
        }
    }
}
