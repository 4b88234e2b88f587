package io.atoll.api.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.atoll.api.rest.QdrantErrorText;
import io.atoll.error.AtollException;
import io.atoll.security.Access;
import io.atoll.security.Credentials;
import io.atoll.security.Gate;
import io.atoll.security.Principal;
import io.atoll.security.Requirement;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Iterator;

/**
 * Authentication and authorization on the gRPC port, with the REST port's rules: the caller is admitted by the
 * {@link Gate} from its {@code api-key} or {@code authorization} metadata (the first value of each, as Qdrant
 * reads headers), then the method's {@link GrpcAccessRules rule} is checked: at once for node-wide methods, on the
 * request for a collection's (the collection is the request's {@code collection_name}). A refused call is closed
 * with UNAUTHENTICATED or PERMISSION_DENIED and never reaches its service. Thread-safe.
 */
final class AuthInterceptor implements ServerInterceptor {
    /** The caller's access, for services that filter lists (collections, aliases). */
    static final Context.Key<Access> ACCESS = Context.key("atoll-access");
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of(Credentials.API_KEY,
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of(Credentials.AUTHORIZATION,
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after",
            Metadata.ASCII_STRING_MARSHALLER);

    private final Gate gate;

    AuthInterceptor(Gate gate) {
        this.gate = gate;
    }

    /** The access of the call under way; full outside a call (or with no key configured). */
    static Access access() {
        Access a = ACCESS.get();
        return a == null ? Access.FULL : a;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        Requirement requirement = GrpcAccessRules.of(call.getMethodDescriptor().getFullMethodName());
        if (requirement.scope() == Requirement.Scope.EXEMPT) {
            return next.startCall(call, headers);
        }
        Principal principal;
        try {
            principal = gate.admit(Credentials.from(name -> first(headers,
                    name.equals(Credentials.API_KEY) ? API_KEY : AUTHORIZATION)));
            if (requirement.scope() != Requirement.Scope.COLLECTION) {
                principal.access().check(requirement, null);
            }
        } catch (AtollException e) {
            return refuse(call, e);
        }
        ServerCall.Listener<Q> inner = Contexts.interceptCall(Context.current().withValue(ACCESS, principal.access()),
                call, headers, next);
        if (requirement.scope() != Requirement.Scope.COLLECTION) {
            return inner;
        }
        return new CollectionCheck<>(inner, call, principal.access(), requirement);
    }

    private static String first(Metadata headers, Metadata.Key<String> key) {
        Iterable<String> values = headers.getAll(key);
        if (values == null) {
            return null;
        }
        Iterator<String> it = values.iterator();
        return it.hasNext() ? it.next() : null;
    }

    private static <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, AtollException e) {
        close(call, e);
        return new ServerCall.Listener<>() {
        };
    }

    /** Closes a refused call as Qdrant words it: its StorageError's text, and {@code retry-after} on a rate limit. */
    private static void close(ServerCall<?, ?> call, AtollException e) {
        Metadata trailers = new Metadata();
        String description = QdrantErrorText.of(e);
        if (e.retryAfterSeconds() > 0) {
            trailers.put(RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        call.close(GrpcCalls.status(e).withDescription(description), trailers);
    }

    /** Checks the collection named in the request before the service sees it. */
    private static final class CollectionCheck<Q, A> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, A> call;
        private final Access access;
        private final Requirement requirement;
        private boolean refused;

        CollectionCheck(ServerCall.Listener<Q> inner, ServerCall<Q, A> call, Access access, Requirement requirement) {
            super(inner);
            this.call = call;
            this.access = access;
            this.requirement = requirement;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            try {
                access.check(requirement, collection(message));
            } catch (AtollException e) {
                refused = true;
                close(call, e);
                return;
            }
            super.onMessage(message);
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        private static String collection(Object message) {
            if (message instanceof Message m) {
                Descriptors.FieldDescriptor field = m.getDescriptorForType().findFieldByName("collection_name");
                if (field != null && field.getType() == Descriptors.FieldDescriptor.Type.STRING) {
                    return (String) m.getField(field);
                }
            }
            return null;
        }
    }
}
