package io.atoll.api.grpc;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.atoll.testing.AtollServerExtension;
import java.util.concurrent.ExecutionException;

/** Qdrant's Java client on a test server's gRPC port, and the status code a call fails with. */
final class GrpcStatus {
    private GrpcStatus() {
    }

    static QdrantClient connect(AtollServerExtension server) {
        return new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", server.process().grpcPort(), false).build());
    }

    interface Call {
        Object run() throws Exception;
    }

    /** The code of the status {@code call} fails with; a call that does not fail fails the test. */
    static Status.Code code(Call call) {
        return status(call).getCode();
    }

    /** The status {@code call} fails with, its description included. */
    static Status status(Call call) {
        ExecutionException e = assertThrows(ExecutionException.class, call::run);
        return assertInstanceOf(StatusRuntimeException.class, e.getCause()).getStatus();
    }
}
