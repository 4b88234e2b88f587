package io.atoll.transport;

import io.atoll.transport.proto.SnapshotChunkRequest;
import io.atoll.transport.proto.SnapshotChunkResponse;
import io.atoll.transport.proto.SnapshotFilesRequest;
import io.atoll.transport.proto.SnapshotFilesResponse;
import io.atoll.transport.proto.SnapshotInstallRequest;
import io.atoll.transport.proto.SnapshotInstallResponse;

/** The target's side of a snapshot transfer: what arrived, the next chunk of a file, and the install. */
public interface SnapshotHandler {
    SnapshotFilesResponse files(SnapshotFilesRequest request);

    SnapshotChunkResponse chunk(SnapshotChunkRequest request);

    SnapshotInstallResponse install(SnapshotInstallRequest request);
}
