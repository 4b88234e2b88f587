package io.atoll.api.telemetry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;

/** The answers of this node's client APIs, REST and gRPC: Qdrant's RequestsTelemetry. Thread-safe. */
public record RequestTelemetry(ResponseStatistics rest, ResponseStatistics grpc) {
    public static RequestTelemetry start(Clock clock) {
        return new RequestTelemetry(new ResponseStatistics(clock), new ResponseStatistics(clock));
    }

    public ObjectNode json() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("rest", rest.json());
        o.set("grpc", grpc.json());
        return o;
    }
}
