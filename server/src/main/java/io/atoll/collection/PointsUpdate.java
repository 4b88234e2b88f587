package io.atoll.collection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import java.util.List;

/** A points update as the API states it, before it is split by shard and filters are resolved. */
public sealed interface PointsUpdate {
    record Upsert(List<PointStruct> points) implements PointsUpdate {
    }

    record Delete(PointsSelector selector) implements PointsUpdate {
    }

    record SetPayload(PointsSelector selector, ObjectNode payload, String key) implements PointsUpdate {
    }

    record OverwritePayload(PointsSelector selector, ObjectNode payload) implements PointsUpdate {
    }

    record DeletePayload(PointsSelector selector, List<String> keys) implements PointsUpdate {
    }

    record ClearPayload(PointsSelector selector) implements PointsUpdate {
    }

    record UpdateVectors(List<PointVectors> points) implements PointsUpdate {
    }

    record DeleteVectors(PointsSelector selector, List<String> vectorNames) implements PointsUpdate {
    }
}
