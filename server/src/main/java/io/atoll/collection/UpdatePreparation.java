package io.atoll.collection;

import io.atoll.error.AtollException;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.RoutedUpdate;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.point.ShardKey;
import io.atoll.routing.ShardSelector;
import io.atoll.schema.CollectionParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The pure half of a write: checking and normalizing an update against the collection's params, and splitting
 * it into one part per shard it touches. Nothing here reads or writes a replica.
 */
final class UpdatePreparation {
    private UpdatePreparation() {
    }

    /**
     * An update with its vectors checked and normalized, the shard keys it goes to (resolved when it runs: a
     * fallback key's choice depends on the replicas' states then), and the listed points that must exist when it
     * runs.
     */
    record Prepared(PointsUpdate update, ShardSelector shards, List<PointId> mustExist) {
        Prepared(PointsUpdate update, List<PointId> mustExist) {
            this(update, ShardSelector.NONE, mustExist);
        }

        Prepared routed(ShardSelector s) {
            return new Prepared(update, s, mustExist);
        }
    }

    static Prepared prepare(CollectionParams p, RoutedUpdate routed) {
        return prepare(p, routed.update()).routed(routed.shards());
    }

    private static Prepared prepare(CollectionParams p, PointsUpdate update) {
        return switch (update) {
            case PointsUpdate.Upsert u -> new Prepared(u.withPoints(dedupe(u.points(), PointStruct::id)
                    .stream().map(pt -> VectorValidation.checked(p, pt)).toList()), List.of());
            case PointsUpdate.UpdateVectors u -> {
                List<PointVectors> checked = dedupe(u.points(), PointVectors::id).stream()
                        .map(pv -> new PointVectors(pv.id(), VectorValidation.checked(p, pv.vectors()))).toList();
                yield new Prepared(u.withPoints(checked), checked.stream().map(PointVectors::id).toList());
            }
            case PointsUpdate.DeleteVectors d -> {
                for (String v : d.vectorNames()) {
                    if (!p.hasVector(v)) {
                        throw AtollException.badRequest("Wrong input: Not existing vector name error: "
                                + VectorValidation.displayName(v));
                    }
                }
                yield selected(update, d.selector(), true);
            }
            case PointsUpdate.Delete d -> selected(update, d.selector(), false);
            case PointsUpdate.SetPayload s -> selected(update, s.selector(), true);
            case PointsUpdate.OverwritePayload o -> selected(update, o.selector(), true);
            case PointsUpdate.DeletePayload d -> selected(update, d.selector(), true);
            case PointsUpdate.ClearPayload c -> selected(update, c.selector(), true);
        };
    }

    private static Prepared selected(PointsUpdate update, PointsSelector selector, boolean needsExisting) {
        return new Prepared(update, needsExisting && selector.ids() != null
                ? selector.ids().stream().distinct().toList() : List.of());
    }

    /** Later entries for the same id win, as in Qdrant. */
    private static <T> List<T> dedupe(List<T> items, Function<T, PointId> id) {
        Map<PointId, T> last = new LinkedHashMap<>();
        for (T t : items) {
            last.remove(id.apply(t));
            last.put(id.apply(t), t);
        }
        return new ArrayList<>(last.values());
    }

    /** The update's part for each shard it touches under {@code keys}; an update by filter goes to all of theirs. */
    static Map<Integer, PointsUpdate> split(CollectionView view, List<ShardKey> keys, PointsUpdate update) {
        Map<Integer, PointsUpdate> out = new TreeMap<>();
        // Different keys have different shards: their parts never collide.
        keys.forEach(k -> out.putAll(split(view, k, update)));
        return out;
    }

    private static Map<Integer, PointsUpdate> split(CollectionView view, ShardKey key, PointsUpdate update) {
        return switch (update) {
            case PointsUpdate.Upsert u -> view.byShard(key, u.points(), PointStruct::id, u::withPoints);
            case PointsUpdate.UpdateVectors u -> view.byShard(key, u.points(), PointVectors::id, u::withPoints);
            case PointsUpdate.Delete d -> bySelector(view, key, d.selector(), PointsUpdate.Delete::new);
            case PointsUpdate.SetPayload s -> bySelector(view, key, s.selector(),
                    sel -> new PointsUpdate.SetPayload(sel, s.payload(), s.key()));
            case PointsUpdate.OverwritePayload o -> bySelector(view, key, o.selector(),
                    sel -> new PointsUpdate.OverwritePayload(sel, o.payload()));
            case PointsUpdate.DeletePayload d -> bySelector(view, key, d.selector(),
                    sel -> new PointsUpdate.DeletePayload(sel, d.keys()));
            case PointsUpdate.ClearPayload c -> bySelector(view, key, c.selector(), PointsUpdate.ClearPayload::new);
            case PointsUpdate.DeleteVectors d -> bySelector(view, key, d.selector(),
                    sel -> new PointsUpdate.DeleteVectors(sel, d.vectorNames()));
        };
    }

    private static Map<Integer, PointsUpdate> bySelector(CollectionView view, ShardKey key, PointsSelector selector,
                                                         Function<PointsSelector, PointsUpdate> part) {
        if (selector.filter() != null) {
            Map<Integer, PointsUpdate> out = new TreeMap<>();
            for (int shard : view.writeShards(key)) {
                out.put(shard, part.apply(selector));
            }
            return out;
        }
        return view.byShard(key, selector.ids().stream().distinct().toList(), Function.identity(),
                ids -> part.apply(PointsSelector.ids(ids)));
    }
}
