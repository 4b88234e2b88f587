package io.atoll.api.grpc;

import io.atoll.security.Access;
import static io.atoll.api.grpc.GrpcCalls.collectionName;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.api.rest.CollectionParser;
import io.atoll.api.rest.ShardOperations;
import io.atoll.cluster.control.CollectionController;
import io.atoll.collection.CollectionRegistry;
import io.atoll.schema.CollectionNames;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.ChangeAliases;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoRequest;
import io.qdrant.client.grpc.Collections.CollectionClusterInfoResponse;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CreateShardKeyRequest;
import io.qdrant.client.grpc.Collections.CreateShardKeyResponse;
import io.qdrant.client.grpc.Collections.DeleteShardKeyRequest;
import io.qdrant.client.grpc.Collections.DeleteShardKeyResponse;
import io.qdrant.client.grpc.Collections.ListAliasesRequest;
import io.qdrant.client.grpc.Collections.ListAliasesResponse;
import io.qdrant.client.grpc.Collections.ListCollectionAliasesRequest;
import io.qdrant.client.grpc.Collections.ListShardKeysRequest;
import io.qdrant.client.grpc.Collections.ListShardKeysResponse;
import io.qdrant.client.grpc.Collections.ShardKeyDescription;
import io.qdrant.client.grpc.Collections.UpdateCollection;
import io.qdrant.client.grpc.Collections.UpdateCollectionClusterSetupRequest;
import io.qdrant.client.grpc.Collections.UpdateCollectionClusterSetupResponse;
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
 * qdrant.Collections, through the same registry, controllers and parsers as REST (so the same rules and messages):
 * collections, aliases, a collection's cluster info and setup operations, shard keys.
 */
final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
    private final long self;
    private final CollectionRegistry registry;
    private final CollectionController controller;
    private final ShardOperations shards;

    CollectionsService(long self, CollectionRegistry registry, CollectionController controller,
                       ShardOperations shards) {
        this.self = self;
        this.registry = registry;
        this.controller = controller;
        this.shards = shards;
    }

    @Override
    public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> out) {
        GrpcCalls.answer(out, t -> {
            ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
            Access access = AuthInterceptor.access();
            registry.names().stream().filter(access::sees)
                    .forEach(n -> b.addCollections(CollectionDescription.newBuilder().setName(n)));
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

    @Override
    public void update(UpdateCollection request, StreamObserver<CollectionOperationResponse> out) {
        GrpcCalls.answer(out, t -> {
            String name = collectionName(request.getCollectionName());
            ObjectNode body = CollectionMessages.updateBody(request);
            controller.updateParams(name, current -> CollectionParser.update(body, current));
            return CollectionOperationResponse.newBuilder().setResult(true).setTime(t.seconds()).build();
        });
    }

    @Override
    public void updateAliases(ChangeAliases request, StreamObserver<CollectionOperationResponse> out) {
        GrpcCalls.answer(out, t -> {
            controller.updateAliases(CollectionParser.aliasActions(CollectionMessages.aliasesBody(request)));
            return CollectionOperationResponse.newBuilder().setResult(true).setTime(t.seconds()).build();
        });
    }

    @Override
    public void listAliases(ListAliasesRequest request, StreamObserver<ListAliasesResponse> out) {
        GrpcCalls.answer(out, t -> aliases(null).setTime(t.seconds()).build());
    }

    @Override
    public void listCollectionAliases(ListCollectionAliasesRequest request,
                                      StreamObserver<ListAliasesResponse> out) {
        GrpcCalls.answer(out, t -> aliases(registry.get(collectionName(request.getCollectionName())).name())
                .setTime(t.seconds()).build());
    }

    private ListAliasesResponse.Builder aliases(String collection) {
        ListAliasesResponse.Builder b = ListAliasesResponse.newBuilder();
        Access access = AuthInterceptor.access();
        registry.aliases().forEach((alias, target) -> {
            if ((collection == null || collection.equals(target)) && access.sees(target)) {
                b.addAliases(AliasDescription.newBuilder().setAliasName(alias).setCollectionName(target));
            }
        });
        return b;
    }

    @Override
    public void collectionClusterInfo(CollectionClusterInfoRequest request,
                                      StreamObserver<CollectionClusterInfoResponse> out) {
        GrpcCalls.answer(out, t -> ClusterMessages.info(registry.get(collectionName(request.getCollectionName())),
                self));
    }

    @Override
    public void updateCollectionClusterSetup(UpdateCollectionClusterSetupRequest request,
                                             StreamObserver<UpdateCollectionClusterSetupResponse> out) {
        GrpcCalls.answer(out, t -> {
            shards.apply(collectionName(request.getCollectionName()), ClusterMessages.setup(request));
            return UpdateCollectionClusterSetupResponse.newBuilder().setResult(true).build();
        });
    }

    @Override
    public void createShardKey(CreateShardKeyRequest request, StreamObserver<CreateShardKeyResponse> out) {
        GrpcCalls.answer(out, t -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("create_sharding_key", ClusterMessages.createKey(request.getRequest()));
            shards.apply(collectionName(request.getCollectionName()), body);
            return CreateShardKeyResponse.newBuilder().setResult(true).build();
        });
    }

    @Override
    public void deleteShardKey(DeleteShardKeyRequest request, StreamObserver<DeleteShardKeyResponse> out) {
        GrpcCalls.answer(out, t -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.putObject("drop_sharding_key").set("shard_key",
                    FilterMessages.shardKey(request.getRequest().getShardKey()));
            shards.apply(collectionName(request.getCollectionName()), body);
            return DeleteShardKeyResponse.newBuilder().setResult(true).build();
        });
    }

    @Override
    public void listShardKeys(ListShardKeysRequest request, StreamObserver<ListShardKeysResponse> out) {
        GrpcCalls.answer(out, t -> {
            ListShardKeysResponse.Builder b = ListShardKeysResponse.newBuilder();
            registry.get(collectionName(request.getCollectionName())).meta().keys().forEach(k ->
                    b.addShardKeys(ShardKeyDescription.newBuilder().setKey(PointMessages.shardKey(k))));
            return b.setTime(t.seconds()).build();
        });
    }
}
