package io.atoll.api.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Qdrant's requests carry an optional {@code timeout} in seconds beside gRPC's own deadline: this turns it into a
 * deadline on the call's context (the earlier of the two wins), which {@link GrpcCalls} then honours. Thread-safe.
 */
final class RequestTimeout implements ServerInterceptor {
    /** The request's own timeout in seconds, where it gave one, for strict mode's max_timeout. */
    static final Context.Key<Long> SECONDS = Context.key("qdrant-request-timeout");
    private final ScheduledExecutorService timer;

    RequestTimeout(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private Long seconds;

            @Override
            public void onMessage(Q message) {
                seconds = timeout(message);
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                // a unary call runs its method here: run it under the request's deadline
                if (seconds == null) {
                    super.onHalfClose();
                    return;
                }
                Context.CancellableContext bounded = Context.current().withValue(SECONDS, seconds).withDeadlineAfter(seconds, TimeUnit.SECONDS,
                        timer);
                try {
                    bounded.run(super::onHalfClose);
                } finally {
                    bounded.cancel(null);
                }
            }
        };
    }

    /** The request's {@code timeout} field when it has one and it is set; u64 seconds, capped at a day. */
    private static Long timeout(Object message) {
        if (!(message instanceof Message m)) {
            return null;
        }
        FieldDescriptor f = m.getDescriptorForType().findFieldByName("timeout");
        if (f == null || f.getJavaType() != FieldDescriptor.JavaType.LONG || !m.hasField(f)) {
            return null;
        }
        long s = (Long) m.getField(f);
        return s < 0 || s > TimeUnit.DAYS.toSeconds(1) ? TimeUnit.DAYS.toSeconds(1) : s;
    }
}
