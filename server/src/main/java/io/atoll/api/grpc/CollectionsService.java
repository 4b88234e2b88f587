package io.atoll.api.grpc;

import static io.atoll.api.grpc.GrpcCalls.collectionName;

import io.atoll.api.rest.CollectionParser;
import io.atoll.cluster.control.CollectionController;
import io.atoll.collection.CollectionRegistry;
import io.atoll.schema.CollectionNames;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionExists;
import io.qdrant.client.grpc.Collections.CollectionExistsRequest;
import io.qdrant.client.grpc.Collections.CollectionExistsResponse;
import io.qdrant.client.grpc.Collections.CollectionOperationResponse;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.DeleteCollection;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.CollectionsGrpc;

/**
 * qdrant.Collections, through the same registry, controller and parser as REST (so the same rules and messages):
 * list, exists, create, get and delete so far; the rest of the service answers UNIMPLEMENTED until it is built
 * (issue 17).
 */
final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
    private final CollectionRegistry registry;
    private final CollectionController controller;

    CollectionsService(CollectionRegistry registry, CollectionController controller) {
        this.registry = registry;
        this.controller = controller;
    }

    @Override
    public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> out) {
        GrpcCalls.answer(out, t -> {
            ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
            registry.names().forEach(n -> b.addCollections(CollectionDescription.newBuilder().setName(n)));
            return b.setTime(t.seconds()).build();
        });
    }

    @Override
    public void collectionExists(CollectionExistsRequest request, StreamObserver<CollectionExistsResponse> out) {
        GrpcCalls.answer(out, t -> CollectionExistsResponse.newBuilder()
                .setResult(CollectionExists.newBuilder()
                        .setExists(registry.exists(collectionName(request.getCollectionName()))))
                .setTime(t.seconds()).build());
    }

    @Override
    public void delete(DeleteCollection request, StreamObserver<CollectionOperationResponse> out) {
        // As REST and Qdrant: dropping a collection that is not there answers false.
        GrpcCalls.answer(out, t -> CollectionOperationResponse.newBuilder()
                .setResult(controller.delete(collectionName(request.getCollectionName())))
                .setTime(t.seconds()).build());
    }

    @Override
    public void create(CreateCollection request, StreamObserver<CollectionOperationResponse> out) {
        GrpcCalls.answer(out, t -> {
            String name = collectionName(request.getCollectionName());
            CollectionNames.validate(name);
            controller.create(name, CollectionParser.create(CollectionMessages.createBody(request),
                    controller.defaultShardNumber()));
            return CollectionOperationResponse.newBuilder().setResult(true).setTime(t.seconds()).build();
        });
    }

    @Override
    public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> out) {
        GrpcCalls.answer(out, t -> GetCollectionInfoResponse.newBuilder()
                .setResult(CollectionMessages.info(registry.get(collectionName(request.getCollectionName()))))
                .setTime(t.seconds()).build());
    }
}
