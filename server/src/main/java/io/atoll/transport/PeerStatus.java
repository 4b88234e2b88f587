package io.atoll.transport;

import io.atoll.error.AtollException;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;

/**
 * Carries an {@link AtollException}'s kind across the wire, and back: a gRPC status code close to its meaning,
 * and the kind itself in a trailer, so that a caller acts on the kind (retry at the new primary, say) and never on
 * the message. A peer that answered with an error is told apart from one that could not be reached: UNAVAILABLE
 * and DEADLINE_EXCEEDED without the trailer are gRPC's own transport failures, {@link PeerUnreachableException}.
 */
final class PeerStatus {
    static final Metadata.Key<String> KIND = Metadata.Key.of("atoll-error-kind", Metadata.ASCII_STRING_MARSHALLER);

    private PeerStatus() {
    }

    static StatusRuntimeException toStatus(RuntimeException e) {
        if (!(e instanceof AtollException a)) {
            return Status.INTERNAL.withDescription(String.valueOf(e)).asRuntimeException();
        }
        Status s = switch (a.kind()) {
            case BAD_REQUEST, UNPROCESSABLE -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case ALREADY_EXISTS, CONFLICT -> Status.ALREADY_EXISTS;
            case UNAVAILABLE -> Status.ABORTED;
            case NOT_PRIMARY -> Status.FAILED_PRECONDITION;
            case WRONG_SHARD -> Status.OUT_OF_RANGE;
            case INTERNAL -> Status.INTERNAL;
            case RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
        };
        Metadata trailers = new Metadata();
        trailers.put(KIND, a.kind().name());
        return s.withDescription(a.getMessage()).asRuntimeException(trailers);
    }

    static RuntimeException fromStatus(StatusRuntimeException e, String peer) {
        String message = e.getStatus().getDescription() == null ? e.getStatus().getCode().name()
                : e.getStatus().getDescription();
        String kind = e.getTrailers() == null ? null : e.getTrailers().get(KIND);
        if (kind != null) {
            try {
                AtollException.Kind k = AtollException.Kind.valueOf(kind);
                return k == AtollException.Kind.INTERNAL ? AtollException.internal("peer " + peer + " failed: " + message, e)
                        : new AtollException(k, message);
            } catch (IllegalArgumentException unknownKind) {
                // A newer peer's kind: judged by its status code below.
            }
        }
        return switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT -> AtollException.badRequest(message);
            case NOT_FOUND -> AtollException.notFound(message);
            case ALREADY_EXISTS -> AtollException.conflict(message);
            case ABORTED -> AtollException.unavailable(message);
            case FAILED_PRECONDITION -> AtollException.notPrimary(message);
            case OUT_OF_RANGE -> AtollException.wrongShard(message);
            case UNAUTHENTICATED -> AtollException.unauthenticated("peer " + peer + " refused this node: " + message);
            case PERMISSION_DENIED -> AtollException.forbidden("peer " + peer + " refused this node: " + message);
            case UNAVAILABLE, CANCELLED -> new PeerUnreachableException("peer " + peer + " unreachable: " + message,
                    false, e);
            case DEADLINE_EXCEEDED -> new PeerUnreachableException("peer " + peer + " did not answer in time: "
                    + message, true, e);
            default -> AtollException.internal("peer " + peer + " failed: " + message, e);
        };
    }
}
