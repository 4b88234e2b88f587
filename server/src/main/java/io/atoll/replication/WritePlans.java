package io.atoll.replication;

import io.atoll.error.AtollException;
import io.atoll.filter.Condition;
import io.atoll.filter.Filter;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.operation.ShardOperation;
import io.atoll.operation.UpdateMode;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.shard.OperationPlan;
import io.atoll.shard.engine.ShardEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.function.Function;

/**
 * The shard operation a points update becomes on its primary: a filter is resolved to ids and the existence of
 * the points an update modifies is checked there, under the shard's write lock, so that what is logged is exactly
 * what was applied.
 */
final class WritePlans {
    private WritePlans() {
    }

    static OperationPlan planFor(PointsUpdate part) {
        return switch (part) {
            case PointsUpdate.Upsert u -> u.conditional() ? conditional(u)
                    : OperationPlan.of(new ShardOperation.Upsert(u.points()));
            case PointsUpdate.UpdateVectors u -> u.updateFilter() == null
                    ? existing(u.points().stream().map(PointVectors::id).toList(),
                            new ShardOperation.UpdateVectors(u.points()))
                    : filteredVectors(u);
            case PointsUpdate.Delete d -> selected(d.selector(), ShardOperation.Delete::new);
            case PointsUpdate.SetPayload s -> selected(s.selector(),
                    ids -> new ShardOperation.SetPayload(ids, s.payload(), s.key()));
            case PointsUpdate.OverwritePayload o -> selected(o.selector(),
                    ids -> new ShardOperation.OverwritePayload(ids, o.payload()));
            case PointsUpdate.DeletePayload d -> selected(d.selector(),
                    ids -> new ShardOperation.DeletePayloadKeys(ids, d.keys()));
            case PointsUpdate.ClearPayload c -> selected(c.selector(), ShardOperation.ClearPayload::new);
            case PointsUpdate.DeleteVectors d -> selected(d.selector(),
                    ids -> new ShardOperation.DeleteVectors(ids, d.vectorNames()));
        };
    }

    /** The points the update names, or null when it selects them by filter (resolved on the primary). */
    static List<PointId> named(PointsUpdate part) {
        return switch (part) {
            case PointsUpdate.Upsert u -> u.points().stream().map(PointStruct::id).toList();
            case PointsUpdate.UpdateVectors u -> u.points().stream().map(PointVectors::id).toList();
            case PointsUpdate.Delete d -> d.selector().ids();
            case PointsUpdate.SetPayload s -> s.selector().ids();
            case PointsUpdate.OverwritePayload o -> o.selector().ids();
            case PointsUpdate.DeletePayload d -> d.selector().ids();
            case PointsUpdate.ClearPayload c -> c.selector().ids();
            case PointsUpdate.DeleteVectors d -> d.selector().ids();
        };
    }

    private static OperationPlan selected(PointsSelector selector, Function<List<PointId>, ShardOperation> op) {
        if (selector.filter() != null) {
            return engine -> op.apply(engine.matchingIds(selector.filter()));
        }
        ShardOperation o = op.apply(selector.ids());
        return o.modifiesExisting() ? existing(selector.ids(), o) : OperationPlan.of(o);
    }

    /**
     * An upsert with an update filter or mode: which of its points are written is decided here, against the
     * primary's state under its write lock, and what is logged is a plain upsert of those, so that every replica
     * applies exactly what the primary did. Null when none is written.
     */
    private static OperationPlan conditional(PointsUpdate.Upsert u) {
        return engine -> {
            Set<PointId> matching = matching(engine, u.updateFilter(), u.points().stream().map(PointStruct::id));
            List<PointStruct> written = new ArrayList<>();
            for (PointStruct p : u.points()) {
                boolean write = engine.exists(p.id())
                        ? u.mode() != UpdateMode.INSERT_ONLY && (matching == null || matching.contains(p.id()))
                        : u.mode() != UpdateMode.UPDATE_ONLY;
                if (write) {
                    written.add(p);
                }
            }
            return written.isEmpty() ? null : new ShardOperation.Upsert(written);
        };
    }

    /** Vectors updated only on the existing points that match the update filter; every point must exist. */
    private static OperationPlan filteredVectors(PointsUpdate.UpdateVectors u) {
        return engine -> {
            for (PointVectors p : u.points()) {
                if (!engine.exists(p.id())) {
                    throw AtollException.notFound("No point with id " + p.id() + " found");
                }
            }
            Set<PointId> matching = matching(engine, u.updateFilter(), u.points().stream().map(PointVectors::id));
            List<PointVectors> updated = u.points().stream().filter(p -> matching.contains(p.id())).toList();
            return updated.isEmpty() ? null : new ShardOperation.UpdateVectors(updated);
        };
    }

    /** Which of {@code ids} match {@code filter} now; null when there is no filter (all do). */
    private static Set<PointId> matching(ShardEngine engine, Filter filter, Stream<PointId> ids) throws IOException {
        if (filter == null) {
            return null;
        }
        Condition.HasId these = new Condition.HasId(ids.collect(Collectors.toSet()));
        return new HashSet<>(engine.matchingIds(new Filter(List.of(these, filter), List.of(), List.of(), null)));
    }

    /** Refuses, under the primary's write lock, an operation on points that do not exist. */
    private static OperationPlan existing(List<PointId> ids, ShardOperation op) {
        return engine -> {
            for (PointId id : ids) {
                if (!engine.exists(id)) {
                    throw AtollException.notFound("No point with id " + id + " found");
                }
            }
            return op;
        };
    }
}
