package io.atoll.api.grpc;

import com.google.protobuf.Timestamp;
import io.atoll.snapshot.SnapshotStore;
import io.atoll.snapshot.Snapshots;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.SnapshotsGrpc;
import io.qdrant.client.grpc.SnapshotsService.CreateFullSnapshotRequest;
import io.qdrant.client.grpc.SnapshotsService.CreateSnapshotRequest;
import io.qdrant.client.grpc.SnapshotsService.CreateSnapshotResponse;
import io.qdrant.client.grpc.SnapshotsService.DeleteFullSnapshotRequest;
import io.qdrant.client.grpc.SnapshotsService.DeleteSnapshotRequest;
import io.qdrant.client.grpc.SnapshotsService.DeleteSnapshotResponse;
import io.qdrant.client.grpc.SnapshotsService.ListFullSnapshotsRequest;
import io.qdrant.client.grpc.SnapshotsService.ListSnapshotsRequest;
import io.qdrant.client.grpc.SnapshotsService.ListSnapshotsResponse;
import io.qdrant.client.grpc.SnapshotsService.SnapshotDescription;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * qdrant.Snapshots: collection and full snapshots created, listed and deleted through the same {@link Snapshots}
 * as REST (downloads and recovery are REST-only in Qdrant too).
 */
final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
    private final Snapshots snapshots;

    SnapshotsService(Snapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public void create(CreateSnapshotRequest request, StreamObserver<CreateSnapshotResponse> out) {
        GrpcCalls.answer(out, t -> created(snapshots.createCollection(request.getCollectionName()), t));
    }

    @Override
    public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> out) {
        GrpcCalls.answer(out, t -> listed(snapshots.listCollection(request.getCollectionName()), t));
    }

    @Override
    public void delete(DeleteSnapshotRequest request, StreamObserver<DeleteSnapshotResponse> out) {
        GrpcCalls.answer(out, t -> {
            snapshots.deleteCollectionSnapshot(request.getCollectionName(), request.getSnapshotName());
            return DeleteSnapshotResponse.newBuilder().setTime(t.seconds()).build();
        });
    }

    @Override
    public void createFull(CreateFullSnapshotRequest request, StreamObserver<CreateSnapshotResponse> out) {
        GrpcCalls.answer(out, t -> created(snapshots.createFull(), t));
    }

    @Override
    public void listFull(ListFullSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> out) {
        GrpcCalls.answer(out, t -> listed(snapshots.listFull(), t));
    }

    @Override
    public void deleteFull(DeleteFullSnapshotRequest request, StreamObserver<DeleteSnapshotResponse> out) {
        GrpcCalls.answer(out, t -> {
            snapshots.deleteFullSnapshot(request.getSnapshotName());
            return DeleteSnapshotResponse.newBuilder().setTime(t.seconds()).build();
        });
    }

    private static CreateSnapshotResponse created(SnapshotStore.Description d, GrpcCalls.Timer t) {
        return CreateSnapshotResponse.newBuilder().setSnapshotDescription(description(d)).setTime(t.seconds()).build();
    }

    private static ListSnapshotsResponse listed(List<SnapshotStore.Description> all, GrpcCalls.Timer t) {
        ListSnapshotsResponse.Builder b = ListSnapshotsResponse.newBuilder();
        all.forEach(d -> b.addSnapshotDescriptions(description(d)));
        return b.setTime(t.seconds()).build();
    }

    private static SnapshotDescription description(SnapshotStore.Description d) {
        SnapshotDescription.Builder b = SnapshotDescription.newBuilder().setName(d.name()).setSize(d.size())
                .setCreationTime(Timestamp.newBuilder().setSeconds(
                        LocalDateTime.parse(d.creationTime()).toEpochSecond(ZoneOffset.UTC)));
        if (d.checksum() != null) {
            b.setChecksum(d.checksum());
        }
        return b.build();
    }
}
