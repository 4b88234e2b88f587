package io.atoll.api.grpc;

import io.atoll.error.AtollException;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one unary call of Qdrant's gRPC API and answers it: the result, or the failure as the status code Qdrant
 * gives it (INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, UNAVAILABLE, ...) with the same message REST would give.
 * Stateless.
 */
final class GrpcCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GrpcCalls.class);

    private GrpcCalls() {
    }

    /**
     * Runs {@code call} with the seconds since the call began available for Qdrant's {@code time} fields. A call
     * whose deadline (gRPC's, or the request's {@code timeout}) has passed is not started; one cancelled or past
     * its deadline when it ends is not answered with a result its client no longer waits for (a write that has
     * been applied stays applied, as in Qdrant).
     */
    static <T> void answer(StreamObserver<T> out, Function<Timer, T> call) {
        Timer timer = new Timer(System.nanoTime());
        Context context = Context.current();
        if (expired(context)) {
            out.onError(Status.DEADLINE_EXCEEDED.withDescription("Timeout error: the request's deadline passed "
                    + "before it started").asRuntimeException());
            return;
        }
        T result;
        try {
            result = call.apply(timer);
        } catch (AtollException e) {
            out.onError(status(e).withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            LOG.error("gRPC call failed", e);
            out.onError(Status.INTERNAL.withDescription("Service internal error: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        if (context.isCancelled()) {
            if (expired(context)) {
                out.onError(Status.DEADLINE_EXCEEDED.withDescription("Timeout error: the request's deadline passed "
                        + "while it ran").asRuntimeException());
            }
            // else the client went away: there is no one to answer
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    private static boolean expired(Context context) {
        Deadline d = context.getDeadline();
        return d != null && d.isExpired();
    }

    /** A request's collection name; proto strings cannot be absent, so an empty one is Qdrant's missing name. */
    static String collectionName(String given) {
        if (given.isEmpty()) {
            throw AtollException.badRequest("Validation error in body: [collection_name: length must be between 1 "
                    + "and 255]");
        }
        return given;
    }

    static Status status(AtollException e) {
        return switch (e.kind()) {
            case BAD_REQUEST, UNPROCESSABLE -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            // a state the call cannot act in (one resharding at a time, an operation already finishing)
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case UNAVAILABLE, NOT_PRIMARY, WRONG_SHARD -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
            case RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
        };
    }

    /** When the call began. */
    record Timer(long startNanos) {
        double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }
    }
}
