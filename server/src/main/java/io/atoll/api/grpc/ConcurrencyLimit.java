package io.atoll.api.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the calls the gRPC port serves at once: a call beyond the limit is answered RESOURCE_EXHAUSTED at once
 * (the client may retry) rather than queued behind the others, so a burst cannot pile up unbounded work and
 * memory. Health checks are never refused, so that probes tell a busy node from a dead one. Thread-safe.
 */
final class ConcurrencyLimit implements ServerInterceptor {
    private static final Set<String> ALWAYS = Set.of("grpc.health.v1.Health", "qdrant.Qdrant");

    private final int limit;
    private final Semaphore permits;

    ConcurrencyLimit(int limit) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        if (ALWAYS.contains(call.getMethodDescriptor().getServiceName())) {
            return next.startCall(call, headers);
        }
        if (!permits.tryAcquire()) {
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("Too many concurrent requests: this node serves at "
                    + "most " + limit + " gRPC calls at once (service.grpc_max_concurrent_calls); retry later"),
                    new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                release.run();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                release.run();
                super.onCancel();
            }
        };
    }
}
