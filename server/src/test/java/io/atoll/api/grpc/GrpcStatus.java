package io.atoll.api.grpc;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutionException;

/** The status code a call of Qdrant's Java client fails with. */
final class GrpcStatus {
    private GrpcStatus() {
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
