package io.atoll.api.grpc;

import io.atoll.api.rest.PointParser;
import io.atoll.api.rest.ReadParser;
import io.atoll.collection.Collection;
import io.atoll.collection.CollectionRegistry;
import io.atoll.filter.Filter;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.atoll.routing.ShardSelector;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.PointsGrpc;

/**
 * qdrant.Points, through the same parsers and the same collection coordinators as REST: upsert, get and count so
 * far; the rest of the service answers UNIMPLEMENTED until it is built (issue 17).
 */
final class PointsService extends PointsGrpc.PointsImplBase {
    private final CollectionRegistry registry;

    PointsService(CollectionRegistry registry) {
        this.registry = registry;
    }

    private Collection collection(String name) {
        return registry.get(GrpcCalls.collectionName(name));
    }

    @Override
    public void upsert(Points.UpsertPoints request, StreamObserver<Points.PointsOperationResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(request.getCollectionName());
            PointsUpdate u = new PointsUpdate.Upsert(PointParser.upsertPoints(PointMessages.upsertBody(request)));
            boolean wait = request.getWait();
            long id = c.update(new RoutedUpdate(u, ShardSelector.NONE), wait);
            return Points.PointsOperationResponse.newBuilder().setResult(Points.UpdateResult.newBuilder()
                    .setOperationId(id).setStatus(wait ? Points.UpdateStatus.Completed
                            : Points.UpdateStatus.Acknowledged)).setTime(t.seconds()).build();
        });
    }

    @Override
    public void get(Points.GetPoints request, StreamObserver<Points.GetResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(request.getCollectionName());
            ReadParser.Retrieve r = ReadParser.retrieve(PointMessages.retrieveBody(request));
            Points.GetResponse.Builder b = Points.GetResponse.newBuilder();
            c.retrieve(r.ids(), r.withPayload(), r.withVector(),
                            PointMessages.consistency(request.hasReadConsistency(), request.getReadConsistency()),
                            ShardSelector.NONE)
                    .forEach(p -> b.addResult(PointMessages.retrieved(p, c.params())));
            return b.setTime(t.seconds()).build();
        });
    }

    @Override
    public void count(Points.CountPoints request, StreamObserver<Points.CountResponse> out) {
        GrpcCalls.answer(out, t -> {
            Collection c = collection(request.getCollectionName());
            PointMessages.refuse("filter", request.hasFilter());
            PointMessages.refuse("shard_key_selector", request.hasShardKeySelector());
            long n = c.count(Filter.EMPTY, PointMessages.consistency(request.hasReadConsistency(),
                    request.getReadConsistency()), ShardSelector.NONE);
            return Points.CountResponse.newBuilder().setResult(Points.CountResult.newBuilder().setCount(n))
                    .setTime(t.seconds()).build();
        });
    }
}
