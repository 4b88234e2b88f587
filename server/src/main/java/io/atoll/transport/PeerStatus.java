package io.atoll.transport;

import io.atoll.error.AtollException;
import org.apache.ratis.thirdparty.io.grpc.Status;
import org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException;

/**
 * Carries an {@link AtollException}'s kind across the wire as a gRPC status, and back. A peer that answered with
 * an error is told apart from one that could not be reached: the latter is {@link PeerUnreachableException}.
 * UNAVAILABLE and DEADLINE_EXCEEDED are gRPC's own transport failures, so Atoll's UNAVAILABLE travels as ABORTED.
 */
final class PeerStatus {
    private PeerStatus() {
    }

    static StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof AtollException a) {
            Status s = switch (a.kind()) {
                case BAD_REQUEST -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case CONFLICT -> Status.ALREADY_EXISTS;
                case UNAVAILABLE -> Status.ABORTED;
                case INTERNAL -> Status.INTERNAL;
            };
            return s.withDescription(a.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription(String.valueOf(e)).asRuntimeException();
    }

    static RuntimeException fromStatus(StatusRuntimeException e, String peer) {
        String message = e.getStatus().getDescription() == null ? e.getStatus().getCode().name()
                : e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT -> AtollException.badRequest(message);
            case NOT_FOUND -> AtollException.notFound(message);
            case ALREADY_EXISTS -> AtollException.conflict(message);
            case ABORTED -> AtollException.unavailable(message);
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED ->
                    new PeerUnreachableException("peer " + peer + " unreachable: " + message, e);
            default -> AtollException.internal("peer " + peer + " failed: " + message, e);
        };
    }
}
