package io.atoll.operation;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.filter.Filter;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import java.util.List;

/** A points update as the API states it, before it is split by shard and filters are resolved. */
public sealed interface PointsUpdate {
    /**
     * @param updateFilter existing points are updated only when they match it (null: always); new points are
     *                     inserted regardless, as in Qdrant
     * @param mode         whether existing points are updated and new ones inserted
     */
    @JsonTypeName("upsert")
    record Upsert(List<PointStruct> points, Filter updateFilter, UpdateMode mode) implements PointsUpdate {
        public Upsert {
            mode = mode == null ? UpdateMode.UPSERT : mode;
        }

        public Upsert(List<PointStruct> points) {
            this(points, null, UpdateMode.UPSERT);
        }

        /** Whether what it writes depends on which points exist and what they hold. */
        public boolean conditional() {
            return updateFilter != null || mode != UpdateMode.UPSERT;
        }

        public Upsert withPoints(List<PointStruct> part) {
            return new Upsert(part, updateFilter, mode);
        }
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

    /** @param updateFilter only existing points that match it are updated (null: all of them) */
    @JsonTypeName("update_vectors")
    record UpdateVectors(List<PointVectors> points, Filter updateFilter) implements PointsUpdate {
        public UpdateVectors(List<PointVectors> points) {
            this(points, null);
        }

        public UpdateVectors withPoints(List<PointVectors> part) {
            return new UpdateVectors(part, updateFilter);
        }
    }

    @JsonTypeName("delete_vectors")
    record DeleteVectors(PointsSelector selector, List<String> vectorNames) implements PointsUpdate {
    }
}
