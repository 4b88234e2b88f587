package io.atoll.chaos;

import io.atoll.chaos.history.History;
import io.atoll.chaos.history.Op;
import io.atoll.testing.RestClient;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a client's HTTP call ended, as a history records it. A 2xx is OK; a 4xx is FAIL (refused before anything was
 * applied); a connection that was never made is FAIL too (nothing was sent). A 5xx, a timeout or a connection lost
 * mid-call is INFO: the write may or may not have been applied, and may still be.
 */
public record Outcome(Op.Type type, RestClient.Response response, String error) {

    public boolean ok() {
        return type == Op.Type.OK;
    }

    public static Outcome of(Supplier<RestClient.Response> call) {
        try {
            RestClient.Response r = call.get();
            if (r.status() / 100 == 2) {
                return new Outcome(Op.Type.OK, r, null);
            }
            return new Outcome(r.status() >= 500 ? Op.Type.INFO : Op.Type.FAIL, r, r.status() + " " + r.error());
        } catch (UncheckedIOException e) {
            Throwable cause = e.getCause();
            boolean neverSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException;
            return new Outcome(neverSent ? Op.Type.FAIL : Op.Type.INFO, null, String.valueOf(cause));
        }
    }

    /**
     * Invokes {@code call} as one operation of {@code history}: records the invocation, then its outcome with the
     * result {@code result} extracts from an OK response.
     */
    public static Outcome record(History history, int process, String f, String key, Object value,
                                 Supplier<RestClient.Response> call, Function<RestClient.Response, Object> result) {
        Op invoked = history.invoke(process, f, key, value);
        Outcome o = of(call);
        history.complete(invoked, o.type, o.ok() ? result.apply(o.response) : null, o.error);
        return o;
    }
}
