package io.atoll.operation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import java.util.List;
import java.util.function.Predicate;

/**
 * A change to one shard, as logged in the WAL and (later) sent from a primary to its replicas. Operations name
 * their points explicitly: a filter is resolved to ids by the primary before it logs the operation, so applying
 * a logged operation is deterministic and replaying it is idempotent (point versions make repeats no-ops).
 * Vectors are already normalized where the distance requires it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ShardOperation.Upsert.class, name = "upsert"),
        @JsonSubTypes.Type(value = ShardOperation.Delete.class, name = "delete"),
        @JsonSubTypes.Type(value = ShardOperation.SetPayload.class, name = "set_payload"),
        @JsonSubTypes.Type(value = ShardOperation.OverwritePayload.class, name = "overwrite_payload"),
        @JsonSubTypes.Type(value = ShardOperation.DeletePayloadKeys.class, name = "delete_payload"),
        @JsonSubTypes.Type(value = ShardOperation.ClearPayload.class, name = "clear_payload"),
        @JsonSubTypes.Type(value = ShardOperation.UpdateVectors.class, name = "update_vectors"),
        @JsonSubTypes.Type(value = ShardOperation.DeleteVectors.class, name = "delete_vectors"),
})
public sealed interface ShardOperation {

    /** The points this operation touches, in order. */
    List<PointId> ids();

    /** Whether the operation reads a point's current state to build its new one (needs the point to exist). */
    default boolean modifiesExisting() {
        return switch (this) {
            case Upsert u -> false;
            case Delete d -> false;
            case SetPayload s -> true;
            case OverwritePayload o -> true;
            case DeletePayloadKeys d -> true;
            case ClearPayload c -> true;
            case UpdateVectors u -> true;
            case DeleteVectors d -> true;
        };
    }

    /**
     * The same operation on only the points {@code keep} selects; null when it keeps none. A resharding's source
     * forwards the part of each write that concerns the points moving to another shard.
     */
    default ShardOperation restrictedTo(Predicate<PointId> keep) {
        ShardOperation out = switch (this) {
            case Upsert u -> new Upsert(u.points().stream().filter(p -> keep.test(p.id())).toList());
            case Delete d -> new Delete(kept(d.ids(), keep));
            case SetPayload s -> new SetPayload(kept(s.ids(), keep), s.payload(), s.key());
            case OverwritePayload o -> new OverwritePayload(kept(o.ids(), keep), o.payload());
            case DeletePayloadKeys d -> new DeletePayloadKeys(kept(d.ids(), keep), d.keys());
            case ClearPayload c -> new ClearPayload(kept(c.ids(), keep));
            case UpdateVectors u -> new UpdateVectors(u.points().stream().filter(p -> keep.test(p.id())).toList());
            case DeleteVectors d -> new DeleteVectors(kept(d.ids(), keep), d.vectorNames());
        };
        return out.ids().isEmpty() ? null : out;
    }

    private static List<PointId> kept(List<PointId> ids, Predicate<PointId> keep) {
        return ids.stream().filter(keep).toList();
    }

    record Upsert(List<PointStruct> points) implements ShardOperation {
        public List<PointId> ids() {
            return points.stream().map(PointStruct::id).toList();
        }
    }

    record Delete(List<PointId> ids) implements ShardOperation {
    }

    /** Merges {@code payload} into each point's payload, or into the object at {@code key} when it is set. */
    record SetPayload(List<PointId> ids, ObjectNode payload, String key) implements ShardOperation {
    }

    record OverwritePayload(List<PointId> ids, ObjectNode payload) implements ShardOperation {
    }

    record DeletePayloadKeys(List<PointId> ids, List<String> keys) implements ShardOperation {
    }

    record ClearPayload(List<PointId> ids) implements ShardOperation {
    }

    record UpdateVectors(List<PointVectors> points) implements ShardOperation {
        public List<PointId> ids() {
            return points.stream().map(PointVectors::id).toList();
        }
    }

    record DeleteVectors(List<PointId> ids, List<String> vectorNames) implements ShardOperation {
    }
}
