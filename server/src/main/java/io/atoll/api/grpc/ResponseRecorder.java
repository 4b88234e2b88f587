package io.atoll.api.grpc;

import io.atoll.api.telemetry.ResponseStatistics;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Records every gRPC answer for the telemetry endpoint, as Qdrant does: by the call's path
 * ({@code /qdrant.Points/Search}) and the status code it closed with, timed from when the call arrived. Runs
 * outside the other interceptors, so refused calls (too many at once, past their deadline) are counted too.
 */
final class ResponseRecorder implements ServerInterceptor {
    private final ResponseStatistics statistics;

    ResponseRecorder(ResponseStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        long start = System.nanoTime();
        String method = "/" + call.getMethodDescriptor().getFullMethodName();
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                statistics.record(method, status.getCode().value(), System.nanoTime() - start);
                super.close(status, trailers);
            }
        }, headers);
    }
}
