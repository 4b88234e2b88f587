package io.atoll.transport;

import io.atoll.transport.proto.ArchiveChunkRequest;
import io.atoll.transport.proto.ArchiveChunkResponse;
import io.atoll.transport.proto.ArchiveReleaseRequest;
import io.atoll.transport.proto.ArchiveReleaseResponse;
import io.atoll.transport.proto.ShardArchiveRequest;
import io.atoll.transport.proto.ShardArchiveResponse;

/** A replica's holder's side of collection snapshots taken on another node: write, read and release its archive. */
public interface ArchiveHandler {
    ShardArchiveResponse shardArchive(ShardArchiveRequest request);

    ArchiveChunkResponse chunk(ArchiveChunkRequest request);

    ArchiveReleaseResponse release(ArchiveReleaseRequest request);
}
