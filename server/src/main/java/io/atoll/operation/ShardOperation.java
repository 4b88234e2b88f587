package io.atoll.operation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorValue;
import io.atoll.point.PointVectors;
import io.atoll.schema.CollectionParams;
import java.util.List;
import java.util.Map;
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
            case Upsert u -> new Upsert(u.points().stream().filter(p -> keep.test(p.id())).toList(), u.generations());
            case Delete d -> new Delete(kept(d.ids(), keep));
            case SetPayload s -> new SetPayload(kept(s.ids(), keep), s.payload(), s.key());
            case OverwritePayload o -> new OverwritePayload(kept(o.ids(), keep), o.payload());
            case DeletePayloadKeys d -> new DeletePayloadKeys(kept(d.ids(), keep), d.keys());
            case ClearPayload c -> new ClearPayload(kept(c.ids(), keep));
            case UpdateVectors u -> new UpdateVectors(u.points().stream().filter(p -> keep.test(p.id())).toList(),
                    u.generations());
            case DeleteVectors d -> new DeleteVectors(kept(d.ids(), keep), d.vectorNames());
        };
        return out.ids().isEmpty() ? null : out;
    }

    private static List<PointId> kept(List<PointId> ids, Predicate<PointId> keep) {
        return ids.stream().filter(keep).toList();
    }

    /**
     * @param generations the generation of each vector named (see VectorParams) when it is not 0, as the primary
     *                    knew it when it logged the write: a vector removed and added again since is another one
     */
    record Upsert(List<PointStruct> points,
                  @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> generations) implements ShardOperation {
        public Upsert {
            generations = generations == null ? Map.of() : Map.copyOf(generations);
        }

        public Upsert(List<PointStruct> points) {
            this(points, Map.of());
        }

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

    /** @param generations as {@link Upsert#generations} */
    record UpdateVectors(List<PointVectors> points,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Long> generations)
            implements ShardOperation {
        public UpdateVectors {
            generations = generations == null ? Map.of() : Map.copyOf(generations);
        }

        public UpdateVectors(List<PointVectors> points) {
            this(points, Map.of());
        }

        public List<PointId> ids() {
            return points.stream().map(PointVectors::id).toList();
        }
    }

    /** The operation with the generations {@code params} gives the vectors it writes (the primary, logging it). */
    default ShardOperation stamped(CollectionParams params) {
        if (params.vectors().values().stream().allMatch(v -> v.generation() == 0)
                && params.sparseVectors().values().stream().allMatch(v -> v.generation() == 0)) {
            return this; // the common case: no vector was added after creation, every generation is 0
        }
        return switch (this) {
            case Upsert u -> new Upsert(u.points(), generations(params,
                    u.points().stream().flatMap(p -> p.vectors().keySet().stream())));
            case UpdateVectors u -> new UpdateVectors(u.points(), generations(params,
                    u.points().stream().flatMap(p -> p.vectors().keySet().stream())));
            default -> this;
        };
    }

    /**
     * The operation without the vectors of another generation than {@code params} has now (a name removed, or
     * removed and added again, since it was logged): what a replay or a late replica applies, as the primary did.
     */
    default ShardOperation current(CollectionParams params) {
        Map<String, Long> stamped = switch (this) {
            case Upsert u -> u.generations();
            case UpdateVectors u -> u.generations();
            default -> null;
        };
        if (stamped == null || allCurrent(stamped, params)) {
            return this; // every vector it may write is of the generation the collection has now
        }
        return switch (this) {
            case Upsert u -> new Upsert(u.points().stream().map(p -> new PointStruct(p.id(),
                    currentOnly(p.vectors(), u.generations(), params), p.payload())).toList(), u.generations());
            case UpdateVectors u -> new UpdateVectors(u.points().stream().map(p -> new PointVectors(p.id(),
                    currentOnly(p.vectors(), u.generations(), params))).toList(), u.generations());
            default -> this;
        };
    }

    private static Map<String, Long> generations(CollectionParams params, java.util.stream.Stream<String> names) {
        Map<String, Long> out = new java.util.TreeMap<>();
        names.forEach(n -> {
            Long g = params.generationOf(n);
            if (g != null && g != 0) {
                out.put(n, g);
            }
        });
        return out;
    }

    private static Map<String, VectorValue> currentOnly(Map<String, VectorValue> vectors,
                                                       Map<String, Long> generations, CollectionParams params) {
        Map<String, VectorValue> out = new java.util.LinkedHashMap<>();
        vectors.forEach((name, v) -> {
            Long g = params.generationOf(name);
            // by value: two Longs of a random generation are two objects
            if (g != null && g.longValue() == generations.getOrDefault(name, 0L)) {
                out.put(name, v);
            }
        });
        return out;
    }

    /** Whether every dense and sparse vector has the generation stamped (0 when not) and every stamped one exists. */
    private static boolean allCurrent(Map<String, Long> stamped, CollectionParams params) {
        return params.vectors().entrySet().stream().allMatch(e -> e.getValue().generation()
                == stamped.getOrDefault(e.getKey(), 0L))
                && params.sparseVectors().entrySet().stream().allMatch(e -> e.getValue().generation()
                == stamped.getOrDefault(e.getKey(), 0L))
                && stamped.keySet().stream().allMatch(params::hasVector);
    }

    record DeleteVectors(List<PointId> ids, List<String> vectorNames) implements ShardOperation {
    }
}
