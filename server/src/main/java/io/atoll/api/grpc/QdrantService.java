package io.atoll.api.grpc;

import io.atoll.api.rest.NodeInfo;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import io.grpc.stub.StreamObserver;

/** qdrant.Qdrant: the health check Qdrant's clients call first, with what GET / says. Stateless. */
final class QdrantService extends QdrantGrpc.QdrantImplBase {
    private final NodeInfo node;

    QdrantService(NodeInfo node) {
        this.node = node;
    }

    @Override
    public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> out) {
        GrpcCalls.answer(out, t -> HealthCheckReply.newBuilder().setTitle(NodeInfo.TITLE)
                .setVersion(NodeInfo.QDRANT_API_VERSION).setCommit(node.commit()).build());
    }
}
