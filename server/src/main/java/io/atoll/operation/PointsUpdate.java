package io.atoll.operation;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import java.util.List;

/** A points update as the API states it, before it is split by shard and filters are resolved. */
public sealed interface PointsUpdate {
    @JsonTypeName("upsert")
    record Upsert(List<PointStruct> points) implements PointsUpdate {
    }

    @JsonTypeName("delete")
    record Delete(PointsSelector selector) implements PointsUpdate {
    }

    @JsonTypeName("set_payload")
    record SetPayload(PointsSelector selector, ObjectNode payload, String key) implements PointsUpdate {
    }

    @JsonTypeName("overwrite_payload")
    record OverwritePayload(PointsSelector selector, ObjectNode payload) implements PointsUpdate {
    }

    @JsonTypeName("delete_payload")
    record DeletePayload(PointsSelector selector, List<String> keys) implements PointsUpdate {
    }

    @JsonTypeName("clear_payload")
    record ClearPayload(PointsSelector selector) implements PointsUpdate {
    }

    @JsonTypeName("update_vectors")
    record UpdateVectors(List<PointVectors> points) implements PointsUpdate {
    }

    @JsonTypeName("delete_vectors")
    record DeleteVectors(PointsSelector selector, List<String> vectorNames) implements PointsUpdate {
    }
}
