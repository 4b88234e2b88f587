package io.atoll.transport;

import io.atoll.transport.proto.ArchiveChunkRequest;
import io.atoll.transport.proto.ArchiveChunkResponse;
import io.atoll.transport.proto.ArchiveReleaseRequest;
import io.atoll.transport.proto.ArchiveReleaseResponse;
import io.atoll.transport.proto.ConfirmReadRequest;
import io.atoll.transport.proto.ConfirmReadResponse;
import io.atoll.transport.proto.ForwardRequest;
import io.atoll.transport.proto.ForwardResponse;
import io.atoll.transport.proto.JoinRequest;
import io.atoll.transport.proto.JoinResponse;
import io.atoll.transport.proto.MigrateRequest;
import io.atoll.transport.proto.MigrateResponse;
import io.atoll.transport.proto.PingRequest;
import io.atoll.transport.proto.PingResponse;
import io.atoll.transport.proto.ReplicateRequest;
import io.atoll.transport.proto.ReplicateResponse;
import io.atoll.transport.proto.ShardArchiveRequest;
import io.atoll.transport.proto.ShardArchiveResponse;
import io.atoll.transport.proto.ShardReadRequest;
import io.atoll.transport.proto.ShardReadResponse;
import io.atoll.transport.proto.ShardStatusRequest;
import io.atoll.transport.proto.ShardStatusResponse;
import io.atoll.transport.proto.SnapshotChunkRequest;
import io.atoll.transport.proto.SnapshotChunkResponse;
import io.atoll.transport.proto.SnapshotFilesRequest;
import io.atoll.transport.proto.SnapshotFilesResponse;
import io.atoll.transport.proto.SnapshotInstallRequest;
import io.atoll.transport.proto.SnapshotInstallResponse;
import java.util.List;

/**
 * The one table of the peer protocol ({@code atoll.peer.AtollPeer} in atoll_peer.proto): every call, the domain
 * that serves it and its default deadline. A new call is a message pair in the proto file, a row here and a
 * method in its domain's handler interface.
 */
public final class PeerRpcs {
    static final String SERVICE = "atoll.peer.AtollPeer";

    public static final PeerRpc<MembershipHandler, JoinRequest, JoinResponse> JOIN = new PeerRpc<>("Join",
            MembershipHandler.class, MembershipHandler::join, JoinRequest.parser(), JoinResponse.parser(), 1);
    public static final PeerRpc<MembershipHandler, PingRequest, PingResponse> PING = new PeerRpc<>("Ping",
            MembershipHandler.class, MembershipHandler::ping, PingRequest.parser(), PingResponse.parser(), 1);
    public static final PeerRpc<ReplicationHandler, ReplicateRequest, ReplicateResponse> REPLICATE =
            new PeerRpc<>("Replicate", ReplicationHandler.class, ReplicationHandler::replicate,
                    ReplicateRequest.parser(), ReplicateResponse.parser(), 1);
    /**
     * A forwarded write waits for its replication: the primary waits up to 4 timeouts for its replicas, so the
     * caller waits longer than that and hears how it ended rather than giving up while it is still applied.
     */
    public static final PeerRpc<ReplicationHandler, ForwardRequest, ForwardResponse> FORWARD =
            new PeerRpc<>("Forward", ReplicationHandler.class, ReplicationHandler::forward,
                    ForwardRequest.parser(), ForwardResponse.parser(), 5);
    /** Waits, like a forwarded write, for the primary to see the read's records on every in-sync replica. */
    public static final PeerRpc<ReplicationHandler, ConfirmReadRequest, ConfirmReadResponse> CONFIRM_READ =
            new PeerRpc<>("ConfirmRead", ReplicationHandler.class, ReplicationHandler::confirmRead,
                    ConfirmReadRequest.parser(), ConfirmReadResponse.parser(), 5);
    public static final PeerRpc<ReplicationHandler, ShardStatusRequest, ShardStatusResponse> SHARD_STATUS =
            new PeerRpc<>("ShardStatus", ReplicationHandler.class, ReplicationHandler::shardStatus,
                    ShardStatusRequest.parser(), ShardStatusResponse.parser(), 1);
    /** Waits, like a forwarded write, for the target's primary to replicate what it was sent. */
    public static final PeerRpc<ReplicationHandler, MigrateRequest, MigrateResponse> MIGRATE =
            new PeerRpc<>("Migrate", ReplicationHandler.class, ReplicationHandler::migrate,
                    MigrateRequest.parser(), MigrateResponse.parser(), 5);
    public static final PeerRpc<ReadHandler, ShardReadRequest, ShardReadResponse> READ = new PeerRpc<>("Read",
            ReadHandler.class, ReadHandler::read, ShardReadRequest.parser(), ShardReadResponse.parser(), 1);

    public static final PeerRpc<SnapshotHandler, SnapshotFilesRequest, SnapshotFilesResponse> SNAPSHOT_FILES =
            new PeerRpc<>("SnapshotFiles", SnapshotHandler.class, SnapshotHandler::files,
                    SnapshotFilesRequest.parser(), SnapshotFilesResponse.parser(), 1);
    public static final PeerRpc<SnapshotHandler, SnapshotChunkRequest, SnapshotChunkResponse> SNAPSHOT_CHUNK =
            new PeerRpc<>("SnapshotChunk", SnapshotHandler.class, SnapshotHandler::chunk,
                    SnapshotChunkRequest.parser(), SnapshotChunkResponse.parser(), 2);
    /** Installing deletes the replica's old files and renames the new ones in: a few timeouts at most. */
    public static final PeerRpc<SnapshotHandler, SnapshotInstallRequest, SnapshotInstallResponse> SNAPSHOT_INSTALL =
            new PeerRpc<>("SnapshotInstall", SnapshotHandler.class, SnapshotHandler::install,
                    SnapshotInstallRequest.parser(), SnapshotInstallResponse.parser(), 4);

    /** Writing a shard's archive reads its whole index once: up to a minute for a large shard. */
    public static final PeerRpc<ArchiveHandler, ShardArchiveRequest, ShardArchiveResponse> SHARD_ARCHIVE =
            new PeerRpc<>("ShardArchive", ArchiveHandler.class, ArchiveHandler::shardArchive,
                    ShardArchiveRequest.parser(), ShardArchiveResponse.parser(), 60);
    public static final PeerRpc<ArchiveHandler, ArchiveChunkRequest, ArchiveChunkResponse> ARCHIVE_CHUNK =
            new PeerRpc<>("ArchiveChunk", ArchiveHandler.class, ArchiveHandler::chunk,
                    ArchiveChunkRequest.parser(), ArchiveChunkResponse.parser(), 2);
    public static final PeerRpc<ArchiveHandler, ArchiveReleaseRequest, ArchiveReleaseResponse> ARCHIVE_RELEASE =
            new PeerRpc<>("ArchiveRelease", ArchiveHandler.class, ArchiveHandler::release,
                    ArchiveReleaseRequest.parser(), ArchiveReleaseResponse.parser(), 1);

    static final List<PeerRpc<?, ?, ?>> ALL = List.of(JOIN, PING, REPLICATE, FORWARD, CONFIRM_READ, SHARD_STATUS, MIGRATE, READ,
            SNAPSHOT_FILES, SNAPSHOT_CHUNK, SNAPSHOT_INSTALL, SHARD_ARCHIVE, ARCHIVE_CHUNK, ARCHIVE_RELEASE);

    private PeerRpcs() {
    }
}
