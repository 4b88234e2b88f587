package io.atoll.api.telemetry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One API's answers since the node started, by method and status code: Qdrant's WebApiTelemetry (REST, keyed
 * "METHOD /route" and the HTTP status) and GrpcTelemetry (keyed by the call's path and the gRPC status code).
 * Thread-safe.
 */
public final class ResponseStatistics {
    private final Map<String, Map<Integer, OperationDurations>> byMethod = new ConcurrentHashMap<>();
    private final Clock clock;

    public ResponseStatistics(Clock clock) {
        this.clock = clock;
    }

    public void record(String method, int status, long nanos) {
        byMethod.computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new OperationDurations())
                .record(nanos, clock.instant());
    }

    /** {@code {"responses": {method: {status: statistics}}}}, sorted so that two reads compare line by line. */
    public ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode responses = o.putObject("responses");
        new TreeMap<>(byMethod).forEach((method, statuses) -> {
            ObjectNode m = responses.putObject(method);
            new TreeMap<>(statuses).forEach((status, durations) -> m.set(Integer.toString(status), durations.json()));
        });
        return o;
    }
}
